namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>An entry of a manifest list: one manifest with its counts and partition summaries.</summary>
/// <param name="ManifestPath">The manifest location.</param>
/// <param name="ManifestLength">The manifest size.</param>
/// <param name="PartitionSpecId">The spec its files are partitioned by.</param>
/// <param name="Content">Data or deletes.</param>
/// <param name="SequenceNumber">The sequence number of the snapshot that added it (0 for v1).</param>
/// <param name="MinSequenceNumber">The lowest data sequence number of its live files.</param>
/// <param name="AddedSnapshotId">The snapshot that added it.</param>
public sealed record ManifestFile(string ManifestPath, long ManifestLength, int PartitionSpecId, ManifestContent Content, long SequenceNumber, long MinSequenceNumber, long AddedSnapshotId)
{
    /// <summary>Files with status added.</summary>
    public int? AddedFilesCount { get; init; }
    /// <summary>Files with status existing.</summary>
    public int? ExistingFilesCount { get; init; }
    /// <summary>Files with status deleted.</summary>
    public int? DeletedFilesCount { get; init; }
    /// <summary>Rows in added files.</summary>
    public long? AddedRowsCount { get; init; }
    /// <summary>Rows in existing files.</summary>
    public long? ExistingRowsCount { get; init; }
    /// <summary>Rows in deleted files.</summary>
    public long? DeletedRowsCount { get; init; }
    /// <summary>Per-partition-field summaries, in spec order.</summary>
    public IReadOnlyList<PartitionFieldSummary>? Partitions { get; init; }
    /// <summary>Encryption key metadata.</summary>
    public byte[]? KeyMetadata { get; init; }
    /// <summary>v3: the first row id assigned to its added files.</summary>
    public long? FirstRowId { get; init; }

    /// <summary>True when the counts say the manifest has added or existing files (or are unknown).</summary>
    public bool HasLiveFiles => AddedFilesCount is null || ExistingFilesCount is null || AddedFilesCount + ExistingFilesCount > 0;
}
