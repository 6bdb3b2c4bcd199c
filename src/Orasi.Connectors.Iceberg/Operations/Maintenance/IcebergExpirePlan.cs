namespace Orasi.Connectors.Iceberg.Operations.Maintenance;

/// <summary>What <see cref="IcebergOperations.ExpireSnapshotsAsync"/> would do, computed without changing anything.</summary>
/// <param name="Snapshots">Ids of the snapshots that would be expired.</param>
/// <param name="Files">Manifest lists, manifests, data and delete files only those snapshots reference (would be deleted).</param>
public sealed record IcebergExpirePlan(IReadOnlyList<long> Snapshots, IReadOnlyList<string> Files);
