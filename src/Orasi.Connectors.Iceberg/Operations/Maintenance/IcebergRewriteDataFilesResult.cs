using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Operations.Maintenance;

/// <summary>The outcome of a data file compaction.</summary>
/// <param name="Commit">The commit; <see cref="IcebergCommitResult.SnapshotId"/> is null when nothing needed rewriting.</param>
public sealed record IcebergRewriteDataFilesResult(IcebergCommitResult Commit)
{
    /// <summary>True when a <c>replace</c> snapshot was committed.</summary>
    public bool Committed => Commit.SnapshotId is not null;

    /// <summary>Data files removed by the rewrite.</summary>
    public IReadOnlyList<DataFile> RewrittenDataFiles { get; init; } = Array.Empty<DataFile>();

    /// <summary>Data files written by the rewrite.</summary>
    public IReadOnlyList<DataFile> AddedDataFiles { get; init; } = Array.Empty<DataFile>();

    /// <summary>Delete files removed because every data file they applied to was rewritten (their deletes applied).</summary>
    public IReadOnlyList<DataFile> RemovedDeleteFiles { get; init; } = Array.Empty<DataFile>();

    /// <summary>Bins (groups of input files written together) rewritten.</summary>
    public int RewrittenGroups { get; init; }

    /// <summary>Data files considered.</summary>
    public int ConsideredFiles { get; init; }
}
