namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>A snapshot: the table's state after one commit.</summary>
/// <param name="SnapshotId">The snapshot id.</param>
/// <param name="TimestampMs">When the snapshot was created (ms since the epoch).</param>
public sealed record Snapshot(long SnapshotId, long TimestampMs)
{
    /// <summary>The parent snapshot id, if any.</summary>
    public long? ParentSnapshotId { get; init; }

    /// <summary>The sequence number (0 for v1 tables).</summary>
    public long SequenceNumber { get; init; }

    /// <summary>The manifest list location (null for v1 snapshots that list <see cref="Manifests"/> directly).</summary>
    public string? ManifestList { get; init; }

    /// <summary>v1 only: manifest locations listed directly in metadata.</summary>
    public IReadOnlyList<string>? Manifests { get; init; }

    /// <summary>The summary, including <c>operation</c>.</summary>
    public IReadOnlyDictionary<string, string> Summary { get; init; } = new Dictionary<string, string>();

    /// <summary>The schema id current when the snapshot was written, if recorded.</summary>
    public int? SchemaId { get; init; }

    /// <summary>v3: the first row id assigned to rows added by the snapshot.</summary>
    public long? FirstRowId { get; init; }

    /// <summary>v3: the number of rows added by the snapshot.</summary>
    public long? AddedRows { get; init; }

    /// <summary>The operation from the summary (<c>append</c>, <c>replace</c>, <c>overwrite</c>, <c>delete</c>), or null.</summary>
    public string? Operation => Summary.GetValueOrDefault("operation");

    /// <summary>The snapshot time as a <see cref="DateTimeOffset"/>.</summary>
    public DateTimeOffset Timestamp => DateTimeOffset.FromUnixTimeMilliseconds(TimestampMs);
}
