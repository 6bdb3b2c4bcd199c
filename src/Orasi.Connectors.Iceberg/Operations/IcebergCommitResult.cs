using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Operations;

/// <summary>The outcome of a committed table operation.</summary>
/// <param name="MetadataLocation">The new metadata file.</param>
/// <param name="Metadata">The new metadata.</param>
public sealed record IcebergCommitResult(string MetadataLocation, TableMetadata Metadata)
{
    /// <summary>The snapshot the operation created, if it wrote one.</summary>
    public long? SnapshotId { get; init; }

    /// <summary>How many commit attempts were needed (more than 1 when a concurrent writer won and the change was rebased).</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>Data files added.</summary>
    public IReadOnlyList<DataFile> AddedFiles { get; init; } = Array.Empty<DataFile>();

    /// <summary>Data files removed from the table.</summary>
    public IReadOnlyList<DataFile> DeletedFiles { get; init; } = Array.Empty<DataFile>();

    /// <summary>Files deleted from storage (expire snapshots).</summary>
    public IReadOnlyList<string> PurgedFiles { get; init; } = Array.Empty<string>();
}
