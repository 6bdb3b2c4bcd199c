namespace Orasi.Connectors.S3Parquet.Writing;

/// <summary>What one flush of a dataset writer published.</summary>
/// <param name="WriterId">The writer's id (part of every object name).</param>
/// <param name="Sequence">The flush sequence number (part of every object name).</param>
/// <param name="Files">Data files published since the previous flush, including those closed early by rotation.</param>
/// <param name="ManifestPath">Path of the manifest object, or null when manifests are off or nothing was written.</param>
public sealed record DatasetFlushResult(string WriterId, long Sequence, IReadOnlyList<DatasetFile> Files, string? ManifestPath)
{
    /// <summary>Rows in all files.</summary>
    public long RowCount => Files.Sum(f => f.RowCount);

    /// <summary>Bytes in all files.</summary>
    public long SizeBytes => Files.Sum(f => f.SizeBytes);
}
