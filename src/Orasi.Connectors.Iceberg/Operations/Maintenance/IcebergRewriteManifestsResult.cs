namespace Orasi.Connectors.Iceberg.Operations.Maintenance;

/// <summary>The outcome of <see cref="IcebergMaintenance.RewriteManifestsAsync"/>.</summary>
/// <param name="Commit">The commit; <see cref="IcebergCommitResult.SnapshotId"/> is null when there was nothing to regroup.</param>
public sealed record IcebergRewriteManifestsResult(IcebergCommitResult Commit)
{
    /// <summary>True when a <c>replace</c> snapshot was committed.</summary>
    public bool Committed => Commit.SnapshotId is not null;

    /// <summary>Data manifests replaced.</summary>
    public int RewrittenManifests { get; init; }

    /// <summary>Data manifests written.</summary>
    public int AddedManifests { get; init; }

    /// <summary>Delete manifests carried over unchanged.</summary>
    public int KeptManifests { get; init; }

    /// <summary>Live entries moved into the new manifests.</summary>
    public long EntriesProcessed { get; init; }
}
