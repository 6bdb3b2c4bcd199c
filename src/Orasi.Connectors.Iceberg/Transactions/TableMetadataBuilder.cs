using System.Globalization;
using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Transactions;

/// <summary>
/// Applies <see cref="TableUpdate"/>s to table metadata and produces the next metadata: ids are assigned and validated,
/// <c>last-sequence-number</c>, <c>last-updated-ms</c>, the snapshot log and the metadata log are maintained.
/// </summary>
public sealed class TableMetadataBuilder
{
    /// <summary>The property that caps the metadata log length (default 100).</summary>
    public const string MetadataPreviousVersionsMax = "write.metadata.previous-versions-max";

    private readonly TableMetadata? _base;
    private readonly string? _baseLocation;
    private readonly List<IcebergSchema> _schemas;
    private readonly List<PartitionSpec> _specs;
    private readonly List<SortOrder> _sortOrders;
    private readonly List<Snapshot> _snapshots;
    private readonly Dictionary<string, SnapshotRef> _refs;
    private readonly Dictionary<string, string> _properties;
    private readonly List<SnapshotLogEntry> _snapshotLog;
    private readonly HashSet<long> _addedSnapshots = new();
    private readonly long _now;
    private int _formatVersion;
    private Guid _uuid;
    private string _location;
    private long _lastSequenceNumber;
    private int _lastColumnId;
    private int _currentSchemaId;
    private int _defaultSpecId;
    private int _lastPartitionId;
    private int _defaultSortOrderId;
    private long? _currentSnapshotId;
    private int? _lastAddedSchemaId;
    private int? _lastAddedSpecId;
    private int? _lastAddedSortOrderId;

    private TableMetadataBuilder(TableMetadata metadata, TableMetadata? baseMetadata, string? baseLocation)
    {
        _base = baseMetadata;
        _baseLocation = baseLocation;
        _now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        _formatVersion = metadata.FormatVersion;
        _uuid = metadata.TableUuid ?? Guid.NewGuid();
        _location = metadata.Location;
        _lastSequenceNumber = metadata.LastSequenceNumber;
        _lastColumnId = metadata.LastColumnId;
        _schemas = metadata.Schemas.ToList();
        _currentSchemaId = metadata.CurrentSchemaId;
        _specs = metadata.PartitionSpecs.ToList();
        _defaultSpecId = metadata.DefaultSpecId;
        _lastPartitionId = metadata.LastPartitionId;
        _sortOrders = metadata.SortOrders.ToList();
        _defaultSortOrderId = metadata.DefaultSortOrderId;
        _snapshots = metadata.Snapshots.ToList();
        _refs = new Dictionary<string, SnapshotRef>(metadata.Refs, StringComparer.Ordinal);
        if (metadata.CurrentSnapshotId is { } cs && !_refs.ContainsKey("main"))
        {
            _refs["main"] = new SnapshotRef(cs, "branch");
        }

        _currentSnapshotId = metadata.CurrentSnapshotId;
        _properties = new Dictionary<string, string>(metadata.Properties, StringComparer.Ordinal);
        _snapshotLog = metadata.SnapshotLog.ToList();
    }

    /// <summary>A builder that starts from existing metadata (read from <paramref name="metadataLocation"/>, recorded in the metadata log).</summary>
    public static TableMetadataBuilder From(TableMetadata metadata, string? metadataLocation)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return new TableMetadataBuilder(metadata, metadata, metadataLocation);
    }

    /// <summary>Metadata of a new, empty table; field ids of the schema and partition field ids are kept as given.</summary>
    /// <param name="schema">The schema (field ids assigned).</param>
    /// <param name="spec">The partition spec, or null for unpartitioned.</param>
    /// <param name="sortOrder">The sort order, or null for unsorted.</param>
    /// <param name="location">The table location.</param>
    /// <param name="properties">Table properties.</param>
    /// <param name="formatVersion">1, 2 or 3 (default 2).</param>
    /// <exception cref="ValidationFailedException">The schema, spec or version is invalid.</exception>
    public static TableMetadata NewTable(IcebergSchema schema, PartitionSpec? spec, SortOrder? sortOrder, string location, IReadOnlyDictionary<string, string>? properties = null, int formatVersion = 2)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        if (formatVersion is < 1 or > 3)
        {
            throw new ValidationFailedException($"Iceberg format version {formatVersion} is not supported; use 1, 2 or 3.");
        }

        var ids = new HashSet<int>();
        foreach (var id in AllIds(schema))
        {
            if (id <= 0 || !ids.Add(id)) throw new ValidationFailedException($"Schema field id {id} is invalid or used twice; give every field a distinct positive id.");
        }

        spec ??= new PartitionSpec(0, Array.Empty<PartitionField>());
        ValidateSpec(spec, schema);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return new TableMetadata
        {
            FormatVersion = formatVersion,
            TableUuid = Guid.NewGuid(),
            Location = location.TrimEnd('/'),
            LastSequenceNumber = 0,
            LastUpdatedMs = now,
            LastColumnId = schema.HighestFieldId,
            Schemas = [schema],
            CurrentSchemaId = schema.SchemaId,
            PartitionSpecs = [spec],
            DefaultSpecId = spec.SpecId,
            LastPartitionId = spec.Fields.Select(f => f.FieldId).DefaultIfEmpty(999).Max(),
            SortOrders = [sortOrder ?? new SortOrder(0, Array.Empty<SortField>())],
            DefaultSortOrderId = sortOrder?.OrderId ?? 0,
            Properties = properties is null ? new Dictionary<string, string>() : new Dictionary<string, string>(properties),
        };
    }

    /// <summary>The current snapshot id as updated so far.</summary>
    public long? CurrentSnapshotId => _currentSnapshotId;

    /// <summary>The last sequence number as updated so far.</summary>
    public long LastSequenceNumber => _lastSequenceNumber;

    /// <summary>Applies updates in order.</summary>
    /// <exception cref="ValidationFailedException">An update is invalid for the metadata.</exception>
    public TableMetadataBuilder Apply(IEnumerable<TableUpdate> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        foreach (var u in updates)
        {
            u.ApplyTo(this);
        }

        return this;
    }

    /// <summary>Builds the new metadata.</summary>
    public TableMetadata Build()
    {
        var metadataLog = _base?.MetadataLog.ToList() ?? new List<MetadataLogEntry>();
        if (_base is not null && _baseLocation is not null)
        {
            metadataLog.Add(new MetadataLogEntry(_base.LastUpdatedMs, _baseLocation));
        }

        var max = _properties.TryGetValue(MetadataPreviousVersionsMax, out var m) && int.TryParse(m, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? Math.Max(1, parsed) : 100;
        if (metadataLog.Count > max)
        {
            metadataLog.RemoveRange(0, metadataLog.Count - max);
        }

        var lastUpdated = Math.Max(_now, _snapshots.Where(s => _addedSnapshots.Contains(s.SnapshotId)).Select(s => s.TimestampMs).DefaultIfEmpty(0).Max());
        return (_base ?? throw new InvalidOperationException("No base metadata.")) with
        {
            FormatVersion = _formatVersion,
            TableUuid = _uuid,
            Location = _location,
            LastSequenceNumber = _lastSequenceNumber,
            LastUpdatedMs = lastUpdated,
            LastColumnId = _lastColumnId,
            Schemas = _schemas.ToList(),
            CurrentSchemaId = _currentSchemaId,
            PartitionSpecs = _specs.ToList(),
            DefaultSpecId = _defaultSpecId,
            LastPartitionId = _lastPartitionId,
            SortOrders = _sortOrders.ToList(),
            DefaultSortOrderId = _defaultSortOrderId,
            Properties = new Dictionary<string, string>(_properties, StringComparer.Ordinal),
            CurrentSnapshotId = _currentSnapshotId,
            Snapshots = _snapshots.ToList(),
            Refs = new Dictionary<string, SnapshotRef>(_refs, StringComparer.Ordinal),
            SnapshotLog = _snapshotLog.ToList(),
            MetadataLog = metadataLog,
            Statistics = (_base?.Statistics ?? []).Where(s => _snapshots.Any(x => x.SnapshotId == s.SnapshotId)).ToList(),
        };
    }

    internal void AddSchema(IcebergSchema schema, int? lastColumnId)
    {
        var existing = _schemas.FirstOrDefault(s => s.AsStruct().Equals(schema.AsStruct()) && s.IdentifierFieldIds.SequenceEqual(schema.IdentifierFieldIds));
        if (existing is not null)
        {
            _lastAddedSchemaId = existing.SchemaId;
            return;
        }

        var ids = new HashSet<int>();
        foreach (var id in AllIds(schema))
        {
            if (id <= 0 || !ids.Add(id)) throw new ValidationFailedException($"Schema field id {id} is invalid or used twice; give every field a distinct positive id.");
        }

        var newLast = Math.Max(_lastColumnId, lastColumnId ?? schema.HighestFieldId);
        if (schema.HighestFieldId > newLast)
        {
            throw new ValidationFailedException($"Schema uses field id {schema.HighestFieldId}, above the last assigned column id {newLast}; assign new ids above the last assigned one.");
        }

        var newId = _schemas.Any(s => s.SchemaId == schema.SchemaId) ? _schemas.Max(s => s.SchemaId) + 1 : schema.SchemaId;
        _schemas.Add(new IcebergSchema(newId, schema.Fields, schema.IdentifierFieldIds));
        _lastColumnId = newLast;
        _lastAddedSchemaId = newId;
    }

    internal void SetCurrentSchema(int schemaId)
    {
        var id = schemaId == -1 ? _lastAddedSchemaId ?? throw new ValidationFailedException("set-current-schema -1 needs a schema added earlier in the same commit.") : schemaId;
        if (_schemas.All(s => s.SchemaId != id)) throw new ValidationFailedException($"Schema {id} does not exist; add it before making it current.");
        _currentSchemaId = id;
    }

    internal void AddSpec(PartitionSpec spec)
    {
        var schema = _schemas.First(s => s.SchemaId == _currentSchemaId);
        ValidateSpec(spec, schema);
        var existing = _specs.FirstOrDefault(s => s.Fields.SequenceEqual(spec.Fields));
        if (existing is not null)
        {
            _lastAddedSpecId = existing.SpecId;
            return;
        }

        var newId = _specs.Max(s => s.SpecId) + 1;
        _specs.Add(new PartitionSpec(newId, spec.Fields));
        _lastPartitionId = Math.Max(_lastPartitionId, spec.Fields.Select(f => f.FieldId).DefaultIfEmpty(0).Max());
        _lastAddedSpecId = newId;
    }

    internal void SetDefaultSpec(int specId)
    {
        var id = specId == -1 ? _lastAddedSpecId ?? throw new ValidationFailedException("set-default-spec -1 needs a spec added earlier in the same commit.") : specId;
        if (_specs.All(s => s.SpecId != id)) throw new ValidationFailedException($"Partition spec {id} does not exist; add it before making it the default.");
        _defaultSpecId = id;
    }

    internal void AddSortOrder(SortOrder order)
    {
        var existing = _sortOrders.FirstOrDefault(s => s.Fields.SequenceEqual(order.Fields));
        if (existing is not null)
        {
            _lastAddedSortOrderId = existing.OrderId;
            return;
        }

        var newId = order.Fields.Count == 0 ? 0 : _sortOrders.Select(s => s.OrderId).DefaultIfEmpty(0).Max() + 1;
        _sortOrders.Add(new SortOrder(newId, order.Fields));
        _lastAddedSortOrderId = newId;
    }

    internal void SetDefaultSortOrder(int orderId)
    {
        var id = orderId == -1 ? _lastAddedSortOrderId ?? throw new ValidationFailedException("set-default-sort-order -1 needs a sort order added earlier in the same commit.") : orderId;
        if (_sortOrders.All(s => s.OrderId != id)) throw new ValidationFailedException($"Sort order {id} does not exist; add it before making it the default.");
        _defaultSortOrderId = id;
    }

    internal void AddSnapshot(Snapshot snapshot)
    {
        if (_snapshots.Any(s => s.SnapshotId == snapshot.SnapshotId))
        {
            throw new ValidationFailedException($"Snapshot {snapshot.SnapshotId} already exists; use a new snapshot id.");
        }

        if (snapshot.ParentSnapshotId is { } parent && _snapshots.All(s => s.SnapshotId != parent))
        {
            throw new ValidationFailedException($"Snapshot {snapshot.SnapshotId} has parent {parent}, which does not exist; rebase it on an existing snapshot.");
        }

        if (_formatVersion >= 2)
        {
            if (snapshot.SequenceNumber <= _lastSequenceNumber && snapshot.ParentSnapshotId is not null)
            {
                throw new ValidationFailedException($"Snapshot {snapshot.SnapshotId} has sequence number {snapshot.SequenceNumber}, not above the table's last sequence number {_lastSequenceNumber}; rebase it.");
            }

            _lastSequenceNumber = Math.Max(_lastSequenceNumber, snapshot.SequenceNumber);
        }

        _snapshots.Add(snapshot);
        _addedSnapshots.Add(snapshot.SnapshotId);
    }

    internal void SetRef(string name, SnapshotRef reference)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var snapshot = _snapshots.FirstOrDefault(s => s.SnapshotId == reference.SnapshotId)
            ?? throw new ValidationFailedException($"Ref '{name}' cannot point at snapshot {reference.SnapshotId}, which does not exist; add the snapshot first.");
        if (reference.Type is not ("branch" or "tag")) throw new ValidationFailedException($"Ref '{name}' has type '{reference.Type}'; use 'branch' or 'tag'.");
        if (name == "main" && !reference.IsBranch) throw new ValidationFailedException("Ref 'main' must be a branch.");
        if (_refs.TryGetValue(name, out var old) && old == reference)
        {
            return;
        }

        _refs[name] = reference;
        if (name == "main")
        {
            _currentSnapshotId = reference.SnapshotId;
            _snapshotLog.Add(new SnapshotLogEntry(_addedSnapshots.Contains(snapshot.SnapshotId) ? snapshot.TimestampMs : _now, snapshot.SnapshotId));
        }
    }

    internal void RemoveSnapshots(IReadOnlyList<long> ids)
    {
        var remove = ids.ToHashSet();
        _snapshots.RemoveAll(s => remove.Contains(s.SnapshotId));
        foreach (var (name, r) in _refs.ToList())
        {
            if (remove.Contains(r.SnapshotId)) RemoveRef(name);
        }

        _snapshotLog.RemoveAll(e => remove.Contains(e.SnapshotId));
    }

    internal void RemoveRef(string name)
    {
        _refs.Remove(name);
        if (name == "main")
        {
            _currentSnapshotId = null;
        }
    }

    internal void SetProperties(IReadOnlyDictionary<string, string> updates)
    {
        foreach (var (k, v) in updates) _properties[k] = v;
    }

    internal void RemoveProperties(IReadOnlyList<string> keys)
    {
        foreach (var k in keys) _properties.Remove(k);
    }

    internal void SetLocation(string location)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        _location = location.TrimEnd('/');
    }

    internal void UpgradeFormatVersion(int version)
    {
        if (version > 3) throw new ValidationFailedException($"Iceberg format version {version} is not supported; use at most 3.");
        if (version < _formatVersion) throw new ValidationFailedException($"Cannot downgrade the format version from {_formatVersion} to {version}.");
        _formatVersion = version;
    }

    private static void ValidateSpec(PartitionSpec spec, IcebergSchema schema)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in spec.Fields)
        {
            if (!names.Add(f.Name)) throw new ValidationFailedException($"Partition field name '{f.Name}' is used twice; give each partition field a distinct name.");
            var source = schema.FindField(f.SourceId)
                ?? throw new ValidationFailedException($"Partition field '{f.Name}' has source id {f.SourceId}, which the schema does not define; use an existing column.");
            if (!source.Type.IsPrimitive) throw new ValidationFailedException($"Partition field '{f.Name}' sources column '{source.Name}' of nested type {source.Type}; partition by a primitive column.");
            if (f.Transform.Kind == TransformKind.Unknown) throw new ValidationFailedException($"Partition field '{f.Name}' has unknown transform '{f.Transform.Name}'.");
        }
    }

    private static IEnumerable<int> AllIds(IcebergSchema schema)
    {
        IEnumerable<int> Walk(IcebergType t)
        {
            switch (t)
            {
                case StructType s:
                    foreach (var f in s.Fields)
                    {
                        yield return f.Id;
                        foreach (var i in Walk(f.Type)) yield return i;
                    }

                    break;
                case ListType l:
                    yield return l.ElementId;
                    foreach (var i in Walk(l.Element)) yield return i;
                    break;
                case MapType m:
                    yield return m.KeyId;
                    yield return m.ValueId;
                    foreach (var i in Walk(m.Key)) yield return i;
                    foreach (var i in Walk(m.Value)) yield return i;
                    break;
            }
        }

        return Walk(schema.AsStruct());
    }
}
