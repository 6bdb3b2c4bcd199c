namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>One entry of a manifest, with inherited snapshot id and sequence numbers already applied.</summary>
/// <param name="Status">Existing, added or deleted.</param>
/// <param name="SnapshotId">The snapshot that added (or deleted) the file.</param>
/// <param name="SequenceNumber">The data sequence number (0 for v1).</param>
/// <param name="FileSequenceNumber">The file sequence number (0 for v1).</param>
/// <param name="DataFile">The file.</param>
public sealed record ManifestEntry(ManifestEntryStatus Status, long? SnapshotId, long SequenceNumber, long? FileSequenceNumber, DataFile DataFile);
