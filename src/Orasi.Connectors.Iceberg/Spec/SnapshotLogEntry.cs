namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>An entry of the snapshot log: when a snapshot became current.</summary>
/// <param name="TimestampMs">When (ms since the epoch).</param>
/// <param name="SnapshotId">Which snapshot.</param>
public sealed record SnapshotLogEntry(long TimestampMs, long SnapshotId);
