using System.Text.Json.Nodes;

namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>
/// The contents of a table metadata file (format v1, v2 or v3), as parsed by <see cref="TableMetadataParser"/>.
/// v1 fields are normalized: a v1 <c>schema</c> becomes the only entry of <see cref="Schemas"/> and a v1
/// <c>partition-spec</c> the only entry of <see cref="PartitionSpecs"/>.
/// </summary>
public sealed record TableMetadata
{
    /// <summary>The format version (1, 2 or 3).</summary>
    public required int FormatVersion { get; init; }

    /// <summary>The table UUID (optional in v1).</summary>
    public Guid? TableUuid { get; init; }

    /// <summary>The table's base location.</summary>
    public required string Location { get; init; }

    /// <summary>The highest sequence number assigned (0 in v1).</summary>
    public long LastSequenceNumber { get; init; }

    /// <summary>When the metadata was last updated (ms since the epoch).</summary>
    public required long LastUpdatedMs { get; init; }

    /// <summary>The highest column id assigned.</summary>
    public required int LastColumnId { get; init; }

    /// <summary>All known schemas.</summary>
    public required IReadOnlyList<IcebergSchema> Schemas { get; init; }

    /// <summary>The current schema id.</summary>
    public required int CurrentSchemaId { get; init; }

    /// <summary>All known partition specs.</summary>
    public required IReadOnlyList<PartitionSpec> PartitionSpecs { get; init; }

    /// <summary>The default partition spec id.</summary>
    public required int DefaultSpecId { get; init; }

    /// <summary>The highest partition field id assigned.</summary>
    public required int LastPartitionId { get; init; }

    /// <summary>Table properties.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>The current snapshot id, or null when the table has none.</summary>
    public long? CurrentSnapshotId { get; init; }

    /// <summary>Valid snapshots.</summary>
    public IReadOnlyList<Snapshot> Snapshots { get; init; } = Array.Empty<Snapshot>();

    /// <summary>Snapshot log, oldest first.</summary>
    public IReadOnlyList<SnapshotLogEntry> SnapshotLog { get; init; } = Array.Empty<SnapshotLogEntry>();

    /// <summary>Metadata log, oldest first.</summary>
    public IReadOnlyList<MetadataLogEntry> MetadataLog { get; init; } = Array.Empty<MetadataLogEntry>();

    /// <summary>Sort orders.</summary>
    public IReadOnlyList<SortOrder> SortOrders { get; init; } = Array.Empty<SortOrder>();

    /// <summary>The default sort order id.</summary>
    public int DefaultSortOrderId { get; init; }

    /// <summary>Named references (branches and tags); <c>main</c> is implied by <see cref="CurrentSnapshotId"/> when missing.</summary>
    public IReadOnlyDictionary<string, SnapshotRef> Refs { get; init; } = new Dictionary<string, SnapshotRef>();

    /// <summary>Table statistics files.</summary>
    public IReadOnlyList<StatisticsFile> Statistics { get; init; } = Array.Empty<StatisticsFile>();

    /// <summary>Partition statistics files.</summary>
    public IReadOnlyList<PartitionStatisticsFile> PartitionStatistics { get; init; } = Array.Empty<PartitionStatisticsFile>();

    /// <summary>v3: the next row id to assign.</summary>
    public long? NextRowId { get; init; }

    /// <summary>Top-level fields this reader does not model (e.g. <c>encryption-keys</c>), kept for canonical rewriting.</summary>
    public IReadOnlyDictionary<string, JsonNode?> AdditionalFields { get; init; } = new Dictionary<string, JsonNode?>();

    /// <summary>The current schema.</summary>
    public IcebergSchema CurrentSchema => SchemaById(CurrentSchemaId)!;

    /// <summary>The default partition spec.</summary>
    public PartitionSpec DefaultSpec => SpecById(DefaultSpecId)!;

    /// <summary>The current snapshot, or null for an empty table.</summary>
    public Snapshot? CurrentSnapshot => CurrentSnapshotId is { } id ? SnapshotById(id) : null;

    /// <summary>The schema with this id, or null.</summary>
    public IcebergSchema? SchemaById(int schemaId) => Schemas.FirstOrDefault(s => s.SchemaId == schemaId);

    /// <summary>The partition spec with this id, or null.</summary>
    public PartitionSpec? SpecById(int specId) => PartitionSpecs.FirstOrDefault(s => s.SpecId == specId);

    /// <summary>The snapshot with this id, or null.</summary>
    public Snapshot? SnapshotById(long snapshotId) => Snapshots.FirstOrDefault(s => s.SnapshotId == snapshotId);

    /// <summary>
    /// The snapshot that was current at <paramref name="timestampMs"/>: from the snapshot log when present, otherwise
    /// the latest snapshot created at or before that time; null when none.
    /// </summary>
    public Snapshot? SnapshotAsOf(long timestampMs)
    {
        if (SnapshotLog.Count > 0)
        {
            var entry = SnapshotLog.Where(e => e.TimestampMs <= timestampMs).OrderBy(e => e.TimestampMs).LastOrDefault();
            if (entry is not null && SnapshotById(entry.SnapshotId) is { } logged)
            {
                return logged;
            }
        }

        return Snapshots.Where(s => s.TimestampMs <= timestampMs).OrderBy(s => s.TimestampMs).LastOrDefault();
    }

    /// <summary>The reference with this name, including the implied <c>main</c> branch; null when unknown.</summary>
    public SnapshotRef? Ref(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Refs.TryGetValue(name, out var r))
        {
            return r;
        }

        return name == "main" && CurrentSnapshotId is { } id ? new SnapshotRef(id, "branch") : null;
    }

    /// <summary>The schema a snapshot was written with (its <c>schema-id</c>, else the current schema).</summary>
    public IcebergSchema SchemaFor(Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.SchemaId is { } id && SchemaById(id) is { } s ? s : CurrentSchema;
    }
}
