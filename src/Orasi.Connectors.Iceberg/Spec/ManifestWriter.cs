using System.Globalization;
using System.Text.Json.Nodes;
using Avro;
using Avro.File;
using Avro.Generic;

namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>
/// Writes manifests and manifest lists (Avro, with the spec's field ids and required key-value metadata) for format v1 and v2.
/// Added entries are written with null sequence numbers so that they inherit the manifest list entry's sequence
/// number; manifests describing them carry <see cref="Unassigned"/> until the manifest list is written.
/// </summary>
internal static class ManifestWriter
{
    /// <summary>The sequence number of a manifest whose snapshot's sequence number is not known yet.</summary>
    public const long Unassigned = -1;

    public static byte[] WriteManifest(int formatVersion, IcebergSchema schema, PartitionSpec spec, ManifestContent content, IReadOnlyList<ManifestEntry> entries)
    {
        var partitionType = spec.PartitionType(schema);
        var avroSchema = Schema.Parse(ManifestSchemaJson(formatVersion, partitionType).ToJsonString());
        var entrySchema = (RecordSchema)avroSchema;
        var dataFileSchema = (RecordSchema)entrySchema["data_file"].Schema;
        var partitionSchema = (RecordSchema)dataFileSchema["partition"].Schema;
        var meta = new Dictionary<string, string>
        {
            ["schema"] = SchemaParser.WriteSchema(schema).ToJsonString(),
            ["schema-id"] = schema.SchemaId.ToString(CultureInfo.InvariantCulture),
            ["partition-spec"] = new JsonArray(spec.Fields.Select(f => (JsonNode)new JsonObject
            {
                ["name"] = f.Name, ["transform"] = f.Transform.Name, ["source-id"] = f.SourceId, ["field-id"] = f.FieldId,
            }).ToArray()).ToJsonString(),
            ["partition-spec-id"] = spec.SpecId.ToString(CultureInfo.InvariantCulture),
            ["format-version"] = formatVersion.ToString(CultureInfo.InvariantCulture),
        };
        if (formatVersion >= 2)
        {
            meta["content"] = content == ManifestContent.Data ? "data" : "deletes";
        }

        return WriteAvro(avroSchema, meta, entries.Select(e =>
        {
            var r = new GenericRecord(entrySchema);
            r.Add("status", (int)e.Status);
            r.Add("snapshot_id", e.SnapshotId);
            if (formatVersion >= 2)
            {
                var inherit = e.Status == ManifestEntryStatus.Added;
                r.Add("sequence_number", inherit ? null : e.SequenceNumber);
                r.Add("file_sequence_number", inherit ? null : e.FileSequenceNumber ?? e.SequenceNumber);
            }

            r.Add("data_file", DataFileRecord(formatVersion, dataFileSchema, partitionSchema, partitionType, e.DataFile));
            return r;
        }));
    }

    public static byte[] WriteManifestList(int formatVersion, long snapshotId, long? parentSnapshotId, long sequenceNumber, IReadOnlyList<ManifestFile> manifests)
    {
        var avroSchema = (RecordSchema)Schema.Parse(ManifestListSchemaJson(formatVersion).ToJsonString());
        var partitionsSchema = (ArraySchema)((UnionSchema)avroSchema["partitions"].Schema).Schemas[1];
        var summarySchema = (RecordSchema)partitionsSchema.ItemSchema;
        var meta = new Dictionary<string, string>
        {
            ["snapshot-id"] = snapshotId.ToString(CultureInfo.InvariantCulture),
            ["parent-snapshot-id"] = parentSnapshotId?.ToString(CultureInfo.InvariantCulture) ?? "null",
            ["format-version"] = formatVersion.ToString(CultureInfo.InvariantCulture),
        };
        if (formatVersion >= 2)
        {
            meta["sequence-number"] = sequenceNumber.ToString(CultureInfo.InvariantCulture);
        }

        return WriteAvro(avroSchema, meta, manifests.Select(m =>
        {
            var r = new GenericRecord(avroSchema);
            r.Add("manifest_path", m.ManifestPath);
            r.Add("manifest_length", m.ManifestLength);
            r.Add("partition_spec_id", m.PartitionSpecId);
            r.Add("added_snapshot_id", m.AddedSnapshotId);
            var prefix = formatVersion >= 2 ? string.Empty : "data_";
            r.Add($"added_{prefix}files_count", m.AddedFilesCount ?? 0);
            r.Add($"existing_{prefix}files_count", m.ExistingFilesCount ?? 0);
            r.Add($"deleted_{prefix}files_count", m.DeletedFilesCount ?? 0);
            r.Add("added_rows_count", m.AddedRowsCount ?? 0L);
            r.Add("existing_rows_count", m.ExistingRowsCount ?? 0L);
            r.Add("deleted_rows_count", m.DeletedRowsCount ?? 0L);
            if (formatVersion >= 2)
            {
                var seq = m.SequenceNumber == Unassigned ? sequenceNumber : m.SequenceNumber;
                r.Add("content", (int)m.Content);
                r.Add("sequence_number", seq);
                r.Add("min_sequence_number", m.MinSequenceNumber == Unassigned ? seq : Math.Min(m.MinSequenceNumber, seq));
                r.Add("key_metadata", m.KeyMetadata);
            }

            r.Add("partitions", m.Partitions?.Select(p =>
            {
                var s = new GenericRecord(summarySchema);
                s.Add("contains_null", p.ContainsNull);
                s.Add("contains_nan", p.ContainsNaN);
                s.Add("lower_bound", p.LowerBound);
                s.Add("upper_bound", p.UpperBound);
                return (object)s;
            }).ToArray());
            return r;
        }));
    }

    /// <summary>Describes a written manifest for a manifest list: counts, partition summaries and sequence numbers.</summary>
    public static ManifestFile Describe(string path, long length, IcebergSchema schema, PartitionSpec spec, ManifestContent content, long addedSnapshotId, IReadOnlyList<ManifestEntry> entries)
    {
        var partitionType = spec.PartitionType(schema);
        var summaries = new List<PartitionFieldSummary>();
        var live = entries.Where(e => e.Status != ManifestEntryStatus.Deleted).ToList();
        for (var i = 0; i < partitionType.Fields.Count; i++)
        {
            var type = partitionType.Fields[i].Type;
            var values = entries.Select(e => i < e.DataFile.Partition.Count ? e.DataFile.Partition[i] : null).ToList();
            var nonNull = values.Where(v => v is not null && !IsNaN(v)).ToList();
            object? lower = null, upper = null;
            foreach (var v in nonNull)
            {
                if (lower is null || Compare(v!, lower) < 0) lower = v;
                if (upper is null || Compare(v!, upper) > 0) upper = v;
            }

            summaries.Add(new PartitionFieldSummary(
                values.Any(v => v is null),
                type is PrimitiveType { Name: "float" or "double" } ? values.Any(v => v is not null && IsNaN(v)) : null,
                lower is null ? null : Conversions.ToBinary(type, lower),
                upper is null ? null : Conversions.ToBinary(type, upper)));
        }

        var existingSeqs = entries.Where(e => e.Status != ManifestEntryStatus.Added).Select(e => e.SequenceNumber).ToList();
        return new ManifestFile(path, length, spec.SpecId, content, Unassigned, existingSeqs.Count == 0 ? Unassigned : existingSeqs.Min(), addedSnapshotId)
        {
            AddedFilesCount = entries.Count(e => e.Status == ManifestEntryStatus.Added),
            ExistingFilesCount = entries.Count(e => e.Status == ManifestEntryStatus.Existing),
            DeletedFilesCount = entries.Count(e => e.Status == ManifestEntryStatus.Deleted),
            AddedRowsCount = entries.Where(e => e.Status == ManifestEntryStatus.Added).Sum(e => e.DataFile.RecordCount),
            ExistingRowsCount = entries.Where(e => e.Status == ManifestEntryStatus.Existing).Sum(e => e.DataFile.RecordCount),
            DeletedRowsCount = entries.Where(e => e.Status == ManifestEntryStatus.Deleted).Sum(e => e.DataFile.RecordCount),
            Partitions = summaries,
        };
    }

    private static bool IsNaN(object? v) => v is double d ? double.IsNaN(d) : v is float f && float.IsNaN(f);

    private static int Compare(object a, object b) => (a, b) switch
    {
        (byte[] x, byte[] y) => x.AsSpan().SequenceCompareTo(y),
        (string x, string y) => string.CompareOrdinal(x, y),
        _ => Comparer<object>.Default.Compare(a, b),
    };

    private static GenericRecord DataFileRecord(int formatVersion, RecordSchema schema, RecordSchema partitionSchema, StructType partitionType, DataFile f)
    {
        var r = new GenericRecord(schema);
        if (formatVersion >= 2)
        {
            r.Add("content", (int)f.Content);
        }

        r.Add("file_path", f.FilePath);
        r.Add("file_format", f.FileFormat);
        var p = new GenericRecord(partitionSchema);
        for (var i = 0; i < partitionType.Fields.Count; i++)
        {
            var field = partitionType.Fields[i];
            p.Add(field.Name, ToAvroPartitionValue(i < f.Partition.Count ? f.Partition[i] : null, field.Type, partitionSchema[field.Name].Schema));
        }

        r.Add("partition", p);
        r.Add("record_count", f.RecordCount);
        r.Add("file_size_in_bytes", f.FileSizeInBytes);
        if (formatVersion == 1)
        {
            r.Add("block_size_in_bytes", 64L * 1024 * 1024);
        }

        r.Add("column_sizes", IntMap(schema, "column_sizes", f.ColumnSizes));
        r.Add("value_counts", IntMap(schema, "value_counts", f.ValueCounts));
        r.Add("null_value_counts", IntMap(schema, "null_value_counts", f.NullValueCounts));
        r.Add("nan_value_counts", IntMap(schema, "nan_value_counts", f.NanValueCounts));
        r.Add("lower_bounds", IntMap(schema, "lower_bounds", f.LowerBounds));
        r.Add("upper_bounds", IntMap(schema, "upper_bounds", f.UpperBounds));
        r.Add("key_metadata", f.KeyMetadata);
        r.Add("split_offsets", f.SplitOffsets?.Select(x => (object)x).ToArray());
        if (formatVersion >= 2)
        {
            r.Add("equality_ids", f.EqualityIds?.Select(x => (object)x).ToArray());
        }

        r.Add("sort_order_id", f.SortOrderId);
        if (formatVersion >= 2)
        {
            r.Add("referenced_data_file", f.ReferencedDataFile);
        }

        return r;
    }

    private static object[]? IntMap<T>(RecordSchema dataFileSchema, string name, IReadOnlyDictionary<int, T> values)
        where T : notnull
    {
        if (values.Count == 0)
        {
            return null;
        }

        var array = (ArraySchema)((UnionSchema)dataFileSchema[name].Schema).Schemas[1];
        var kv = (RecordSchema)array.ItemSchema;
        return values.OrderBy(p => p.Key).Select(p =>
        {
            var r = new GenericRecord(kv);
            r.Add("key", p.Key);
            r.Add("value", p.Value);
            return (object)r;
        }).ToArray();
    }

    private static object? ToAvroPartitionValue(object? value, IcebergType type, Schema avroType)
    {
        if (value is null)
        {
            return null;
        }

        switch (type)
        {
            case DecimalType d:
                return Transform.DecimalUnscaledBytes(Convert.ToDecimal(value, CultureInfo.InvariantCulture), d.Scale);
            case FixedType:
            {
                var fixedSchema = (FixedSchema)((UnionSchema)avroType).Schemas[1];
                return new GenericFixed(fixedSchema, (byte[])value);
            }

            case PrimitiveType p:
                switch (p.Name)
                {
                    case "int":
                    case "date":
                        return checked((int)Transform.TemporalOrIntegral(value, p.Name));
                    case "long":
                    case "time":
                    case "timestamp":
                    case "timestamptz":
                    case "timestamp_ns":
                    case "timestamptz_ns":
                        return Transform.TemporalOrIntegral(value, p.Name);
                    case "float": return Convert.ToSingle(value, CultureInfo.InvariantCulture);
                    case "double": return Convert.ToDouble(value, CultureInfo.InvariantCulture);
                    case "uuid":
                    {
                        var fixedSchema = (FixedSchema)((UnionSchema)avroType).Schemas[1];
                        return new GenericFixed(fixedSchema, Transform.UuidBytes(value));
                    }

                    default: return value;
                }
        }

        return value;
    }

    private static byte[] WriteAvro(Schema schema, IReadOnlyDictionary<string, string> meta, IEnumerable<GenericRecord> records)
    {
        var ms = new MemoryStream();
        var writer = DataFileWriter<GenericRecord>.OpenWriter(new GenericDatumWriter<GenericRecord>(schema), ms, Codec.CreateCodec(Codec.Type.Deflate));
        foreach (var (k, v) in meta)
        {
            writer.SetMeta(k, v);
        }

        foreach (var r in records)
        {
            writer.Append(r);
        }

        writer.Flush();
        var bytes = ms.ToArray();
        writer.Dispose();
        return bytes;
    }

    private static JsonObject Field(string name, JsonNode type, int id, bool optional = false)
    {
        var f = new JsonObject { ["name"] = name, ["type"] = optional ? new JsonArray("null", type) : type, ["field-id"] = id };
        if (optional) f["default"] = null;
        return f;
    }

    private static JsonObject MapType(int keyId, int valueId, string valueType) => new()
    {
        ["type"] = "array",
        ["logicalType"] = "map",
        ["items"] = new JsonObject
        {
            ["type"] = "record",
            ["name"] = $"k{keyId}_v{valueId}",
            ["fields"] = new JsonArray(Field("key", "int", keyId), Field("value", valueType, valueId)),
        },
    };

    private static JsonObject ListOf(string elementType, int elementId) => new() { ["type"] = "array", ["items"] = elementType, ["element-id"] = elementId };

    private static JsonObject ManifestSchemaJson(int formatVersion, StructType partitionType)
    {
        var partitionFields = new JsonArray(partitionType.Fields.Select(f => (JsonNode)Field(f.Name, AvroType(f), f.Id, optional: true)).ToArray());
        var dataFile = new JsonArray();
        if (formatVersion >= 2) dataFile.Add(Field("content", "int", 134));
        dataFile.Add(Field("file_path", "string", 100));
        dataFile.Add(Field("file_format", "string", 101));
        dataFile.Add(Field("partition", new JsonObject { ["type"] = "record", ["name"] = "r102", ["fields"] = partitionFields }, 102));
        dataFile.Add(Field("record_count", "long", 103));
        dataFile.Add(Field("file_size_in_bytes", "long", 104));
        if (formatVersion == 1) dataFile.Add(Field("block_size_in_bytes", "long", 105));
        dataFile.Add(Field("column_sizes", MapType(117, 118, "long"), 108, optional: true));
        dataFile.Add(Field("value_counts", MapType(119, 120, "long"), 109, optional: true));
        dataFile.Add(Field("null_value_counts", MapType(121, 122, "long"), 110, optional: true));
        dataFile.Add(Field("nan_value_counts", MapType(138, 139, "long"), 137, optional: true));
        dataFile.Add(Field("lower_bounds", MapType(126, 127, "bytes"), 125, optional: true));
        dataFile.Add(Field("upper_bounds", MapType(129, 130, "bytes"), 128, optional: true));
        dataFile.Add(Field("key_metadata", "bytes", 131, optional: true));
        dataFile.Add(Field("split_offsets", ListOf("long", 133), 132, optional: true));
        if (formatVersion >= 2) dataFile.Add(Field("equality_ids", ListOf("int", 136), 135, optional: true));
        dataFile.Add(Field("sort_order_id", "int", 140, optional: true));
        if (formatVersion >= 2) dataFile.Add(Field("referenced_data_file", "string", 143, optional: true));

        var fields = new JsonArray { Field("status", "int", 0) };
        if (formatVersion >= 2)
        {
            fields.Add(Field("snapshot_id", "long", 1, optional: true));
            fields.Add(Field("sequence_number", "long", 3, optional: true));
            fields.Add(Field("file_sequence_number", "long", 4, optional: true));
        }
        else
        {
            fields.Add(Field("snapshot_id", "long", 1));
        }

        fields.Add(Field("data_file", new JsonObject { ["type"] = "record", ["name"] = "r2", ["fields"] = dataFile }, 2));
        return new JsonObject { ["type"] = "record", ["name"] = "manifest_entry", ["fields"] = fields };
    }

    private static JsonNode AvroType(NestedField f) => f.Type switch
    {
        DecimalType => "bytes",
        FixedType x => new JsonObject { ["type"] = "fixed", ["name"] = $"fixed_{f.Id}", ["size"] = x.Length },
        PrimitiveType { Name: "uuid" } => new JsonObject { ["type"] = "fixed", ["name"] = $"uuid_{f.Id}", ["size"] = 16 },
        PrimitiveType p => p.Name switch
        {
            "boolean" => "boolean",
            "int" or "date" => "int",
            "long" or "time" or "timestamp" or "timestamptz" or "timestamp_ns" or "timestamptz_ns" => "long",
            "float" => "float",
            "double" => "double",
            "string" => "string",
            "binary" => "bytes",
            _ => throw new UnsupportedFeatureException($"Partition field '{f.Name}' of type {p.Name} cannot be written to a manifest."),
        },
        _ => throw new UnsupportedFeatureException($"Partition field '{f.Name}' of type {f.Type} cannot be written to a manifest."),
    };

    private static JsonObject ManifestListSchemaJson(int formatVersion)
    {
        var summary = new JsonObject
        {
            ["type"] = "record",
            ["name"] = "r508",
            ["fields"] = new JsonArray(
                Field("contains_null", "boolean", 509),
                Field("contains_nan", "boolean", 518, optional: true),
                Field("lower_bound", "bytes", 510, optional: true),
                Field("upper_bound", "bytes", 511, optional: true)),
        };
        var fields = new JsonArray
        {
            Field("manifest_path", "string", 500),
            Field("manifest_length", "long", 501),
            Field("partition_spec_id", "int", 502),
        };
        if (formatVersion >= 2)
        {
            fields.Add(Field("content", "int", 517));
            fields.Add(Field("sequence_number", "long", 515));
            fields.Add(Field("min_sequence_number", "long", 516));
            fields.Add(Field("added_snapshot_id", "long", 503));
            fields.Add(Field("added_files_count", "int", 504));
            fields.Add(Field("existing_files_count", "int", 505));
            fields.Add(Field("deleted_files_count", "int", 506));
            fields.Add(Field("added_rows_count", "long", 512));
            fields.Add(Field("existing_rows_count", "long", 513));
            fields.Add(Field("deleted_rows_count", "long", 514));
        }
        else
        {
            fields.Add(Field("added_snapshot_id", "long", 503));
            fields.Add(Field("added_data_files_count", "int", 504, optional: true));
            fields.Add(Field("existing_data_files_count", "int", 505, optional: true));
            fields.Add(Field("deleted_data_files_count", "int", 506, optional: true));
            fields.Add(Field("added_rows_count", "long", 512, optional: true));
            fields.Add(Field("existing_rows_count", "long", 513, optional: true));
            fields.Add(Field("deleted_rows_count", "long", 514, optional: true));
        }

        fields.Add(Field("partitions", new JsonObject { ["type"] = "array", ["items"] = summary, ["element-id"] = 508 }, 507, optional: true));
        if (formatVersion >= 2) fields.Add(Field("key_metadata", "bytes", 519, optional: true));
        return new JsonObject { ["type"] = "record", ["name"] = "manifest_file", ["fields"] = fields };
    }
}
