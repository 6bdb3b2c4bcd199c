using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>Reads table metadata JSON strictly (v1, v2, v3; plain or gzip) and writes it canonically.</summary>
public static class TableMetadataParser
{
    private static readonly HashSet<string> KnownKeys = new(StringComparer.Ordinal)
    {
        "format-version", "table-uuid", "location", "last-sequence-number", "last-updated-ms", "last-column-id",
        "schema", "schemas", "current-schema-id", "partition-spec", "partition-specs", "default-spec-id",
        "last-partition-id", "properties", "current-snapshot-id", "snapshots", "snapshot-log", "metadata-log",
        "sort-orders", "default-sort-order-id", "refs", "statistics", "partition-statistics", "next-row-id",
    };

    /// <summary>Parses a metadata file's bytes; gzip content (magic <c>1F 8B</c>) is decompressed first.</summary>
    /// <param name="content">The file's bytes.</param>
    /// <param name="fileName">The file's location, named in error messages.</param>
    /// <exception cref="CorruptDataException">The content is not valid table metadata; the message names the file and the problem.</exception>
    /// <exception cref="UnsupportedFeatureException">The format version or compression is not supported.</exception>
    public static TableMetadata Parse(ReadOnlyMemory<byte> content, string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var bytes = content;
        var span = content.Span;
        if (span.Length >= 2 && span[0] == 0x1F && span[1] == 0x8B)
        {
            try
            {
                using var gz = new GZipStream(new MemoryStream(content.ToArray()), CompressionMode.Decompress);
                using var ms = new MemoryStream();
                gz.CopyTo(ms);
                bytes = ms.ToArray();
            }
            catch (InvalidDataException ex)
            {
                throw new CorruptDataException($"Table metadata file '{fileName}' is not valid gzip: {ex.Message}; restore the file from a backup.", ex);
            }
        }
        else if (span.Length >= 4 && span[0] == 0x28 && span[1] == 0xB5 && span[2] == 0x2F && span[3] == 0xFD)
        {
            throw new UnsupportedFeatureException($"Table metadata file '{fileName}' is zstd-compressed, which this reader does not support yet; rewrite it as plain or gzip JSON.");
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(bytes.Span, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException ex)
        {
            throw new CorruptDataException($"Table metadata file '{fileName}' is not valid JSON ({ex.Message}); restore it or point the table at another metadata file.", ex);
        }

        try
        {
            return Parse(root);
        }
        catch (FormatException ex)
        {
            throw new CorruptDataException($"Table metadata file '{fileName}' is invalid: {ex.Message}; fix or replace the metadata file.", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new CorruptDataException($"Table metadata file '{fileName}' is invalid: {ex.Message}; fix or replace the metadata file.", ex);
        }
    }

    /// <summary>Parses metadata JSON text.</summary>
    /// <exception cref="CorruptDataException">The text is not valid table metadata.</exception>
    public static TableMetadata Parse(string json, string fileName = "metadata.json") =>
        Parse(Encoding.UTF8.GetBytes(json ?? throw new ArgumentNullException(nameof(json))), fileName);

    private static TableMetadata Parse(JsonNode? root)
    {
        var obj = Json.Obj(root, "metadata");
        var version = Json.ReqInt(obj, "format-version", "metadata");
        if (version is < 1 or > 3)
        {
            throw new UnsupportedFeatureException($"Table metadata format-version {version} is not supported (1, 2 and 3 are); upgrade Orasi or use a table of a supported version.");
        }

        var v1 = version == 1;
        var uuidText = v1 ? Json.OptString(obj, "table-uuid") : Json.ReqString(obj, "table-uuid", "metadata");
        Guid? uuid = null;
        if (uuidText is not null)
        {
            uuid = Guid.TryParse(uuidText, out var g) ? g : throw new FormatException($"table-uuid '{uuidText}' is not a UUID");
        }

        var location = Json.ReqString(obj, "location", "metadata");
        var lastSeq = v1 ? Json.OptLong(obj, "last-sequence-number") ?? 0 : Json.ReqLong(obj, "last-sequence-number", "metadata");
        var lastUpdated = Json.ReqLong(obj, "last-updated-ms", "metadata");
        var lastColumnId = Json.ReqInt(obj, "last-column-id", "metadata");

        // Schemas.
        List<IcebergSchema> schemas;
        int currentSchemaId;
        if (obj["schemas"] is { } schemasNode)
        {
            var arr = schemasNode as JsonArray ?? throw new FormatException("schemas must be an array");
            schemas = arr.Select(n => SchemaParser.ParseSchema(n)).ToList();
            if (schemas.Count == 0) throw new FormatException("schemas must not be empty");
            currentSchemaId = Json.ReqInt(obj, "current-schema-id", "metadata");
        }
        else if (v1 && obj["schema"] is { } schemaNode)
        {
            var s = SchemaParser.ParseSchema(schemaNode);
            schemas = [s];
            currentSchemaId = Json.OptInt(obj, "current-schema-id") ?? s.SchemaId;
        }
        else
        {
            throw new FormatException(v1 ? "metadata has neither 'schemas' nor 'schema'" : "metadata is missing required field 'schemas'");
        }

        if (schemas.Select(s => s.SchemaId).Distinct().Count() != schemas.Count) throw new FormatException("schemas has duplicate schema-id values");
        if (schemas.All(s => s.SchemaId != currentSchemaId)) throw new FormatException($"current-schema-id {currentSchemaId} is not one of the schemas");
        var currentSchema = schemas.First(s => s.SchemaId == currentSchemaId);

        // Partition specs.
        List<PartitionSpec> specs;
        int defaultSpecId;
        if (obj["partition-specs"] is { } specsNode)
        {
            var arr = specsNode as JsonArray ?? throw new FormatException("partition-specs must be an array");
            specs = arr.Select(n => ParseSpec(n, null)).ToList();
            if (specs.Count == 0) throw new FormatException("partition-specs must not be empty");
            defaultSpecId = Json.ReqInt(obj, "default-spec-id", "metadata");
        }
        else if (v1 && obj["partition-spec"] is JsonArray legacy)
        {
            var fields = legacy.Select((n, i) => ParseSpecField(n, 1000 + i)).ToList();
            specs = [new PartitionSpec(0, fields)];
            defaultSpecId = Json.OptInt(obj, "default-spec-id") ?? 0;
        }
        else
        {
            throw new FormatException("metadata is missing required field 'partition-specs'");
        }

        if (specs.All(s => s.SpecId != defaultSpecId)) throw new FormatException($"default-spec-id {defaultSpecId} is not one of the partition-specs");
        foreach (var spec in specs)
        {
            foreach (var f in spec.Fields)
            {
                if (f.Transform.Kind != TransformKind.Void && spec.SpecId == defaultSpecId && currentSchema.FindField(f.SourceId) is null && schemas.All(s => s.FindField(f.SourceId) is null))
                {
                    throw new FormatException($"partition field '{f.Name}' has source-id {f.SourceId}, which no schema defines");
                }
            }
        }

        int lastPartitionId;
        if (obj["last-partition-id"] is { } lpi)
        {
            lastPartitionId = Json.AsInt(lpi, "last-partition-id");
        }
        else if (v1)
        {
            lastPartitionId = specs.SelectMany(s => s.Fields).Select(f => f.FieldId).DefaultIfEmpty(999).Max();
        }
        else
        {
            throw new FormatException("metadata is missing required field 'last-partition-id'");
        }

        // Sort orders.
        List<SortOrder> sortOrders;
        int defaultSortOrderId;
        if (obj["sort-orders"] is { } sortNode)
        {
            var arr = sortNode as JsonArray ?? throw new FormatException("sort-orders must be an array");
            sortOrders = arr.Select(ParseSortOrder).ToList();
            defaultSortOrderId = v1 ? Json.OptInt(obj, "default-sort-order-id") ?? 0 : Json.ReqInt(obj, "default-sort-order-id", "metadata");
            if (sortOrders.Count > 0 && sortOrders.All(s => s.OrderId != defaultSortOrderId))
            {
                throw new FormatException($"default-sort-order-id {defaultSortOrderId} is not one of the sort-orders");
            }
        }
        else if (v1)
        {
            sortOrders = [new SortOrder(0, Array.Empty<SortField>())];
            defaultSortOrderId = 0;
        }
        else
        {
            throw new FormatException("metadata is missing required field 'sort-orders'");
        }

        var properties = Json.StringMap(obj["properties"], "properties");

        var snapshots = obj["snapshots"] is { } snapsNode
            ? (snapsNode as JsonArray ?? throw new FormatException("snapshots must be an array")).Select(n => ParseSnapshot(n, v1)).ToList()
            : [];
        long? currentSnapshotId = obj["current-snapshot-id"] is { } cs ? Json.AsLong(cs, "current-snapshot-id") : null;
        if (currentSnapshotId == -1) currentSnapshotId = null;
        if (currentSnapshotId is { } csid && snapshots.All(s => s.SnapshotId != csid))
        {
            throw new FormatException($"current-snapshot-id {csid} is not one of the snapshots");
        }

        var refs = new Dictionary<string, SnapshotRef>(StringComparer.Ordinal);
        if (obj["refs"] is { } refsNode)
        {
            foreach (var (name, value) in Json.Obj(refsNode, "refs"))
            {
                var r = Json.Obj(value, $"refs.{name}");
                var type = Json.ReqString(r, "type", $"refs.{name}");
                if (type is not ("branch" or "tag")) throw new FormatException($"refs.{name}.type must be 'branch' or 'tag', not '{type}'");
                refs[name] = new SnapshotRef(Json.ReqLong(r, "snapshot-id", $"refs.{name}"), type)
                {
                    MinSnapshotsToKeep = Json.OptInt(r, "min-snapshots-to-keep"),
                    MaxSnapshotAgeMs = Json.OptLong(r, "max-snapshot-age-ms"),
                    MaxRefAgeMs = Json.OptLong(r, "max-ref-age-ms"),
                };
            }
        }

        var snapshotLog = obj["snapshot-log"] is JsonArray sl
            ? sl.Select(n =>
            {
                var e = Json.Obj(n, "snapshot-log[]");
                return new SnapshotLogEntry(Json.ReqLong(e, "timestamp-ms", "snapshot-log[]"), Json.ReqLong(e, "snapshot-id", "snapshot-log[]"));
            }).ToList()
            : [];
        var metadataLog = obj["metadata-log"] is JsonArray ml
            ? ml.Select(n =>
            {
                var e = Json.Obj(n, "metadata-log[]");
                return new MetadataLogEntry(Json.ReqLong(e, "timestamp-ms", "metadata-log[]"), Json.ReqString(e, "metadata-file", "metadata-log[]"));
            }).ToList()
            : [];
        var statistics = obj["statistics"] is JsonArray st ? st.Select(ParseStatisticsFile).ToList() : [];
        var partitionStatistics = obj["partition-statistics"] is JsonArray pst
            ? pst.Select(n =>
            {
                var e = Json.Obj(n, "partition-statistics[]");
                return new PartitionStatisticsFile(
                    Json.ReqLong(e, "snapshot-id", "partition-statistics[]"),
                    Json.ReqString(e, "statistics-path", "partition-statistics[]"),
                    Json.ReqLong(e, "file-size-in-bytes", "partition-statistics[]"));
            }).ToList()
            : [];

        // Required for v3 writers, but some (DuckDB) omit it; readers treat it as "no row ids assigned yet".
        long? nextRowId = Json.OptLong(obj, "next-row-id");

        var additional = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (k, v) in obj)
        {
            if (!KnownKeys.Contains(k)) additional[k] = v?.DeepClone();
        }

        return new TableMetadata
        {
            FormatVersion = version,
            TableUuid = uuid,
            Location = location,
            LastSequenceNumber = lastSeq,
            LastUpdatedMs = lastUpdated,
            LastColumnId = lastColumnId,
            Schemas = schemas,
            CurrentSchemaId = currentSchemaId,
            PartitionSpecs = specs,
            DefaultSpecId = defaultSpecId,
            LastPartitionId = lastPartitionId,
            SortOrders = sortOrders,
            DefaultSortOrderId = defaultSortOrderId,
            Properties = properties,
            CurrentSnapshotId = currentSnapshotId,
            Snapshots = snapshots,
            Refs = refs,
            SnapshotLog = snapshotLog,
            MetadataLog = metadataLog,
            Statistics = statistics,
            PartitionStatistics = partitionStatistics,
            NextRowId = nextRowId,
            AdditionalFields = additional,
        };
    }

    private static PartitionSpec ParseSpec(JsonNode? node, int? fallbackId)
    {
        var obj = Json.Obj(node, "partition-specs[]");
        var id = fallbackId ?? Json.ReqInt(obj, "spec-id", "partition-specs[]");
        var fields = (Json.Req(obj, "fields", "partition-specs[]") as JsonArray ?? throw new FormatException("partition-specs[].fields must be an array"))
            .Select((n, i) => ParseSpecField(n, null)).ToList();
        return new PartitionSpec(id, fields);
    }

    private static PartitionField ParseSpecField(JsonNode? node, int? fallbackFieldId)
    {
        var f = Json.Obj(node, "partition field");
        var name = Json.ReqString(f, "name", "partition field");
        int sourceId;
        if (f["source-id"] is { } sid)
        {
            sourceId = Json.AsInt(sid, $"partition field '{name}'.source-id");
        }
        else if (f["source-ids"] is JsonArray sids && sids.Count > 0)
        {
            sourceId = Json.AsInt(sids[0], $"partition field '{name}'.source-ids");
        }
        else
        {
            throw new FormatException($"partition field '{name}' is missing required field 'source-id'");
        }

        var fieldId = fallbackFieldId is { } fb ? Json.OptInt(f, "field-id") ?? fb : Json.ReqInt(f, "field-id", $"partition field '{name}'");
        return new PartitionField(sourceId, fieldId, name, Transform.Parse(Json.ReqString(f, "transform", $"partition field '{name}'")));
    }

    private static SortOrder ParseSortOrder(JsonNode? node)
    {
        var obj = Json.Obj(node, "sort-orders[]");
        var fields = (Json.Req(obj, "fields", "sort-orders[]") as JsonArray ?? throw new FormatException("sort-orders[].fields must be an array"))
            .Select(n =>
            {
                var f = Json.Obj(n, "sort field");
                var sourceId = f["source-id"] is { } sid ? Json.AsInt(sid, "sort field.source-id")
                    : f["source-ids"] is JsonArray ids && ids.Count > 0 ? Json.AsInt(ids[0], "sort field.source-ids")
                    : throw new FormatException("sort field is missing required field 'source-id'");
                var direction = Json.ReqString(f, "direction", "sort field");
                var nullOrder = Json.ReqString(f, "null-order", "sort field");
                if (direction is not ("asc" or "desc")) throw new FormatException($"sort field direction '{direction}' must be 'asc' or 'desc'");
                if (nullOrder is not ("nulls-first" or "nulls-last")) throw new FormatException($"sort field null-order '{nullOrder}' must be 'nulls-first' or 'nulls-last'");
                return new SortField(sourceId, Transform.Parse(Json.ReqString(f, "transform", "sort field")), direction, nullOrder);
            }).ToList();
        return new SortOrder(Json.ReqInt(obj, "order-id", "sort-orders[]"), fields);
    }

    private static Snapshot ParseSnapshot(JsonNode? node, bool v1)
    {
        var obj = Json.Obj(node, "snapshots[]");
        var id = Json.ReqLong(obj, "snapshot-id", "snapshots[]");
        var ctx = $"snapshot {id}";
        var manifestList = Json.OptString(obj, "manifest-list");
        IReadOnlyList<string>? manifests = null;
        if (obj["manifests"] is JsonArray m)
        {
            manifests = m.Select(n => Json.AsString(n!, ctx + ".manifests[]")).ToList();
        }

        if (manifestList is null && manifests is null)
        {
            throw new FormatException($"{ctx} has neither 'manifest-list' nor 'manifests'");
        }

        var summary = obj["summary"] is { } s ? Json.StringMap(s, ctx + ".summary") : v1 ? new Dictionary<string, string>() : throw new FormatException($"{ctx} is missing required field 'summary'");
        if (!v1 && !summary.ContainsKey("operation"))
        {
            throw new FormatException($"{ctx}.summary is missing required field 'operation'");
        }

        return new Snapshot(id, Json.ReqLong(obj, "timestamp-ms", ctx))
        {
            ParentSnapshotId = Json.OptLong(obj, "parent-snapshot-id"),
            SequenceNumber = Json.OptLong(obj, "sequence-number") ?? 0,
            ManifestList = manifestList,
            Manifests = manifests,
            Summary = summary,
            SchemaId = Json.OptInt(obj, "schema-id"),
            FirstRowId = Json.OptLong(obj, "first-row-id"),
            AddedRows = Json.OptLong(obj, "added-rows"),
        };
    }

    private static StatisticsFile ParseStatisticsFile(JsonNode? node)
    {
        var obj = Json.Obj(node, "statistics[]");
        var blobs = (Json.Req(obj, "blob-metadata", "statistics[]") as JsonArray ?? throw new FormatException("statistics[].blob-metadata must be an array"))
            .Select(n =>
            {
                var b = Json.Obj(n, "blob-metadata[]");
                return new BlobMetadata(
                    Json.ReqString(b, "type", "blob-metadata[]"),
                    Json.ReqLong(b, "snapshot-id", "blob-metadata[]"),
                    Json.ReqLong(b, "sequence-number", "blob-metadata[]"),
                    (Json.Req(b, "fields", "blob-metadata[]") as JsonArray ?? throw new FormatException("blob-metadata[].fields must be an array")).Select(i => Json.AsInt(i, "fields[]")).ToList())
                {
                    Properties = b["properties"] is { } p ? Json.StringMap(p, "blob-metadata[].properties") : null,
                };
            }).ToList();
        return new StatisticsFile(
            Json.ReqLong(obj, "snapshot-id", "statistics[]"),
            Json.ReqString(obj, "statistics-path", "statistics[]"),
            Json.ReqLong(obj, "file-size-in-bytes", "statistics[]"),
            Json.ReqLong(obj, "file-footer-size-in-bytes", "statistics[]"),
            blobs)
        {
            KeyMetadata = Json.OptString(obj, "key-metadata"),
        };
    }

    /// <summary>Writes metadata as canonical JSON (fields in spec order, v1 legacy fields included for v1 tables).</summary>
    public static string Write(TableMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var m = metadata;
        var o = new JsonObject { ["format-version"] = m.FormatVersion };
        if (m.TableUuid is { } u) o["table-uuid"] = u.ToString();
        o["location"] = m.Location;
        if (m.FormatVersion >= 2) o["last-sequence-number"] = m.LastSequenceNumber;
        o["last-updated-ms"] = m.LastUpdatedMs;
        o["last-column-id"] = m.LastColumnId;
        if (m.FormatVersion == 1) o["schema"] = SchemaParser.WriteSchema(m.CurrentSchema);
        o["current-schema-id"] = m.CurrentSchemaId;
        o["schemas"] = new JsonArray(m.Schemas.Select(s => (JsonNode)SchemaParser.WriteSchema(s)).ToArray());
        if (m.FormatVersion == 1) o["partition-spec"] = WriteSpecFields(m.DefaultSpec);
        o["default-spec-id"] = m.DefaultSpecId;
        o["partition-specs"] = new JsonArray(m.PartitionSpecs.Select(s => (JsonNode)new JsonObject { ["spec-id"] = s.SpecId, ["fields"] = WriteSpecFields(s) }).ToArray());
        o["last-partition-id"] = m.LastPartitionId;
        o["default-sort-order-id"] = m.DefaultSortOrderId;
        o["sort-orders"] = new JsonArray(m.SortOrders.Select(s => (JsonNode)new JsonObject
        {
            ["order-id"] = s.OrderId,
            ["fields"] = new JsonArray(s.Fields.Select(f => (JsonNode)new JsonObject
            {
                ["transform"] = f.Transform.Name, ["source-id"] = f.SourceId, ["direction"] = f.Direction, ["null-order"] = f.NullOrder,
            }).ToArray()),
        }).ToArray());
        o["properties"] = StringMapNode(m.Properties);
        o["current-snapshot-id"] = m.CurrentSnapshotId is { } cs ? cs : m.FormatVersion == 1 ? -1 : null;
        if (m.NextRowId is { } nr) o["next-row-id"] = nr;
        o["refs"] = new JsonObject(m.Refs.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r =>
        {
            var ro = new JsonObject { ["snapshot-id"] = r.Value.SnapshotId, ["type"] = r.Value.Type };
            if (r.Value.MinSnapshotsToKeep is { } a) ro["min-snapshots-to-keep"] = a;
            if (r.Value.MaxSnapshotAgeMs is { } b) ro["max-snapshot-age-ms"] = b;
            if (r.Value.MaxRefAgeMs is { } c) ro["max-ref-age-ms"] = c;
            return new KeyValuePair<string, JsonNode?>(r.Key, ro);
        }));
        o["snapshots"] = new JsonArray(m.Snapshots.Select(s =>
        {
            var so = new JsonObject { ["snapshot-id"] = s.SnapshotId };
            if (s.ParentSnapshotId is { } p) so["parent-snapshot-id"] = p;
            if (m.FormatVersion >= 2) so["sequence-number"] = s.SequenceNumber;
            so["timestamp-ms"] = s.TimestampMs;
            if (s.ManifestList is not null) so["manifest-list"] = s.ManifestList;
            if (s.Manifests is not null) so["manifests"] = new JsonArray(s.Manifests.Select(x => (JsonNode)x).ToArray());
            so["summary"] = StringMapNode(s.Summary);
            if (s.SchemaId is { } sid) so["schema-id"] = sid;
            if (s.FirstRowId is { } fr) so["first-row-id"] = fr;
            if (s.AddedRows is { } ar) so["added-rows"] = ar;
            return (JsonNode)so;
        }).ToArray());
        o["statistics"] = new JsonArray(m.Statistics.Select(s =>
        {
            var so = new JsonObject
            {
                ["snapshot-id"] = s.SnapshotId, ["statistics-path"] = s.StatisticsPath, ["file-size-in-bytes"] = s.FileSizeInBytes,
                ["file-footer-size-in-bytes"] = s.FileFooterSizeInBytes,
            };
            if (s.KeyMetadata is not null) so["key-metadata"] = s.KeyMetadata;
            so["blob-metadata"] = new JsonArray(s.BlobMetadata.Select(b =>
            {
                var bo = new JsonObject
                {
                    ["type"] = b.Type, ["snapshot-id"] = b.SnapshotId, ["sequence-number"] = b.SequenceNumber,
                    ["fields"] = new JsonArray(b.Fields.Select(f => (JsonNode)f).ToArray()),
                };
                if (b.Properties is not null) bo["properties"] = StringMapNode(b.Properties);
                return (JsonNode)bo;
            }).ToArray());
            return (JsonNode)so;
        }).ToArray());
        if (m.PartitionStatistics.Count > 0)
        {
            o["partition-statistics"] = new JsonArray(m.PartitionStatistics.Select(s => (JsonNode)new JsonObject
            {
                ["snapshot-id"] = s.SnapshotId, ["statistics-path"] = s.StatisticsPath, ["file-size-in-bytes"] = s.FileSizeInBytes,
            }).ToArray());
        }

        o["snapshot-log"] = new JsonArray(m.SnapshotLog.Select(e => (JsonNode)new JsonObject { ["timestamp-ms"] = e.TimestampMs, ["snapshot-id"] = e.SnapshotId }).ToArray());
        o["metadata-log"] = new JsonArray(m.MetadataLog.Select(e => (JsonNode)new JsonObject { ["timestamp-ms"] = e.TimestampMs, ["metadata-file"] = e.MetadataFile }).ToArray());
        foreach (var (k, v) in m.AdditionalFields.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            o[k] = v?.DeepClone();
        }

        return o.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonArray WriteSpecFields(PartitionSpec spec) =>
        new(spec.Fields.Select(f => (JsonNode)new JsonObject
        {
            ["name"] = f.Name, ["transform"] = f.Transform.Name, ["source-id"] = f.SourceId, ["field-id"] = f.FieldId,
        }).ToArray());

    private static JsonObject StringMapNode(IReadOnlyDictionary<string, string> map) =>
        new(map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value)));
}
