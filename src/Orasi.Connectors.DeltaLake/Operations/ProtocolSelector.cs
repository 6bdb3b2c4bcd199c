using Orasi.Connectors.DeltaLake.Protocol;

namespace Orasi.Connectors.DeltaLake.Operations;

/// <summary>
/// Chooses the minimum protocol a table needs: (1,2) normally; change data feed → (1,4); column mapping → (2,5);
/// deletion vectors, timestamp_ntz or in-commit timestamps → table features (reader 3 / writer 7) listing every feature in use.
/// </summary>
internal static class ProtocolSelector
{
    /// <summary>The protocol for a schema and table properties.</summary>
    public static ProtocolAction Select(StructType schema, IReadOnlyDictionary<string, string> configuration)
    {
        var columnMapping = configuration.TryGetValue("delta.columnMapping.mode", out var mode) && ColumnMappingModes.Parse(mode) != ColumnMappingMode.None;
        var readerFeatures = new List<string>();
        var writerFeatures = new List<string>();
        if (Flag(configuration, "delta.enableDeletionVectors"))
        {
            readerFeatures.Add("deletionVectors");
            writerFeatures.Add("deletionVectors");
        }

        if (HasNtz(schema))
        {
            readerFeatures.Add("timestampNtz");
            writerFeatures.Add("timestampNtz");
        }

        if (Flag(configuration, "delta.enableInCommitTimestamps"))
        {
            writerFeatures.Add("inCommitTimestamp");
        }

        var changeDataFeed = Flag(configuration, "delta.enableChangeDataFeed");
        if (writerFeatures.Count == 0)
        {
            return columnMapping
                ? new ProtocolAction { MinReaderVersion = 2, MinWriterVersion = 5 }
                : new ProtocolAction { MinReaderVersion = 1, MinWriterVersion = changeDataFeed ? 4 : 2 };
        }

        if (changeDataFeed)
        {
            writerFeatures.Add("changeDataFeed");
        }

        // Writer version 7 lists every feature, including those writer version 2 implied.
        writerFeatures.InsertRange(0, ["appendOnly", "invariants"]);
        if (columnMapping)
        {
            readerFeatures.Add("columnMapping");
            writerFeatures.Add("columnMapping");
        }

        return readerFeatures.Count > 0
            ? new ProtocolAction { MinReaderVersion = 3, MinWriterVersion = 7, ReaderFeatures = readerFeatures, WriterFeatures = writerFeatures }
            : new ProtocolAction { MinReaderVersion = 1, MinWriterVersion = 7, WriterFeatures = writerFeatures };
    }

    /// <summary>Returns the protocol that satisfies both (for an existing table whose schema or properties change), or null when <paramref name="current"/> already does.</summary>
    public static ProtocolAction? Upgrade(ProtocolAction current, StructType schema, IReadOnlyDictionary<string, string> configuration)
    {
        var needed = Select(schema, configuration);
        var missingReader = (needed.ReaderFeatures ?? []).Where(f => !current.HasReaderFeature(f)).ToList();
        var missingWriter = (needed.WriterFeatures ?? []).Where(f => !current.HasWriterFeature(f)).ToList();
        if (current.MinWriterVersion == 7)
        {
            if (missingReader.Count == 0 && missingWriter.Count == 0)
            {
                return null;
            }

            var reader = (current.ReaderFeatures ?? []).Concat(missingReader).Distinct(StringComparer.Ordinal).ToList();
            return current with
            {
                MinReaderVersion = reader.Count > 0 ? 3 : current.MinReaderVersion,
                ReaderFeatures = reader.Count > 0 ? reader : current.ReaderFeatures,
                WriterFeatures = (current.WriterFeatures ?? []).Concat(missingWriter).Distinct(StringComparer.Ordinal).ToList(),
            };
        }

        if (needed.MinWriterVersion == 7)
        {
            return needed;
        }

        return needed.MinReaderVersion > current.MinReaderVersion || needed.MinWriterVersion > current.MinWriterVersion
            ? new ProtocolAction { MinReaderVersion = Math.Max(needed.MinReaderVersion, current.MinReaderVersion), MinWriterVersion = Math.Max(needed.MinWriterVersion, current.MinWriterVersion) }
            : null;
    }

    private static bool Flag(IReadOnlyDictionary<string, string> configuration, string key) =>
        configuration.TryGetValue(key, out var v) && string.Equals(v.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static bool HasNtz(DeltaDataType type) => type switch
    {
        DeltaPrimitiveType p => p.Name == "timestamp_ntz",
        StructType s => s.Fields.Any(f => HasNtz(f.Type)),
        DeltaArrayType a => HasNtz(a.ElementType),
        DeltaMapType m => HasNtz(m.KeyType) || HasNtz(m.ValueType),
        _ => false,
    };
}
