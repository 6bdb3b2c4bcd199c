namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>A table statistics (Puffin) file of a snapshot.</summary>
/// <param name="SnapshotId">The snapshot.</param>
/// <param name="StatisticsPath">The file location.</param>
/// <param name="FileSizeInBytes">The file size.</param>
/// <param name="FileFooterSizeInBytes">The footer size.</param>
/// <param name="BlobMetadata">The blobs in the file.</param>
public sealed record StatisticsFile(long SnapshotId, string StatisticsPath, long FileSizeInBytes, long FileFooterSizeInBytes, IReadOnlyList<BlobMetadata> BlobMetadata)
{
    /// <summary>The key metadata of an encrypted file, base64, if any.</summary>
    public string? KeyMetadata { get; init; }
}
