using System.Data.SqlTypes;
using System.Globalization;
using System.Text.Json;
using Apache.Arrow.Types;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.Predicates;
using StructType = Orasi.Connectors.DeltaLake.Protocol.StructType;

namespace Orasi.Connectors.DeltaLake.Scan;

/// <summary>
/// The statistics of one logical file as seen by <see cref="Predicate.CanMatch"/>: its partition values (as exact
/// min = max bounds) and its JSON stats (<c>numRecords</c>, <c>minValues</c>, <c>maxValues</c>, <c>nullCount</c>, nested
/// per struct field, keyed by physical names), all under logical dotted paths.
/// </summary>
internal static class FileStatistics
{
    /// <summary>Timestamps in stats are truncated to milliseconds, so the true maximum may be up to 999 µs larger.</summary>
    private const long TimestampTruncationMicros = 999;

    /// <summary>Builds the statistics of <paramref name="add"/>.</summary>
    public static ColumnStatisticsSet Build(AddFile add, ScanContext context)
    {
        ArgumentNullException.ThrowIfNull(add);
        ArgumentNullException.ThrowIfNull(context);
        var columns = new List<ColumnStatistics>();
        long? numRecords = null;
        if (!string.IsNullOrEmpty(add.Stats))
        {
            try
            {
                using var doc = JsonDocument.Parse(add.Stats);
                var root = doc.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    if (root.TryGetProperty("numRecords", out var n) && n.TryGetInt64(out var records))
                    {
                        numRecords = records;
                    }

                    Collect(context.Schema, context.Mode, string.Empty, Child(root, "minValues"), Child(root, "maxValues"), Child(root, "nullCount"), numRecords, columns);
                }
            }
            catch (JsonException)
            {
                // Unreadable statistics prove nothing; the file is simply not pruned.
                columns.Clear();
            }
        }

        foreach (var field in context.PartitionFields)
        {
            add.PartitionValues.TryGetValue(field.PhysicalNameFor(context.Mode), out var raw);
            var value = Normalize(PartitionValueCodec.Decode(raw, field.Type, field.Name));
            var count = numRecords ?? 1;
            columns.Add(new ColumnStatistics(field.Name)
            {
                DataType = DeltaArrowSchema.ToArrowType(field.Type, ColumnMappingMode.None, field.Name),
                Min = value,
                Max = value,
                NullCount = value is null ? count : 0,
                ValueCount = count,
            });
        }

        return new ColumnStatisticsSet(columns);
    }

    private static JsonElement? Child(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var child) && child.ValueKind == JsonValueKind.Object ? child : null;

    private static void Collect(StructType schema, ColumnMappingMode mode, string prefix, JsonElement? min, JsonElement? max, JsonElement? nulls, long? numRecords, List<ColumnStatistics> output)
    {
        foreach (var field in schema.Fields)
        {
            var key = field.PhysicalNameFor(mode);
            var path = prefix.Length == 0 ? field.Name : prefix + "." + field.Name;
            JsonElement? Get(JsonElement? parent) =>
                parent is { } p && p.TryGetProperty(key, out var v) ? v : null;

            if (field.Type is StructType nested)
            {
                JsonElement? AsObject(JsonElement? e) => e is { ValueKind: JsonValueKind.Object } ? e : null;
                Collect(nested, mode, path, AsObject(Get(min)), AsObject(Get(max)), AsObject(Get(nulls)), numRecords, output);
                continue;
            }

            if (field.Type is not (DeltaPrimitiveType or DeltaDecimalType))
            {
                continue;
            }

            var arrowType = DeltaArrowSchema.ToArrowType(field.Type, ColumnMappingMode.None, path);
            var minValue = Get(min) is { } mn ? Parse(mn, field.Type, isMax: false) : null;
            var maxValue = Get(max) is { } mx ? Parse(mx, field.Type, isMax: true) : null;
            long? nullCount = Get(nulls) is { } nc && nc.TryGetInt64(out var count) ? count : null;
            if (minValue is null && maxValue is null && nullCount is null)
            {
                continue;
            }

            output.Add(new ColumnStatistics(path)
            {
                DataType = arrowType,
                Min = minValue is null || maxValue is null ? null : minValue,
                Max = minValue is null || maxValue is null ? null : maxValue,
                NullCount = nullCount,
                ValueCount = numRecords,
            });
        }
    }

    private static object? Parse(JsonElement value, DeltaDataType type, bool isMax)
    {
        var inv = CultureInfo.InvariantCulture;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        switch (type)
        {
            case DeltaDecimalType:
                return value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) ? d : null;
            case DeltaPrimitiveType p:
                switch (p.Name)
                {
                    case "byte" or "short" or "integer" or "long":
                        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var l) ? l : null;
                    case "float" or "double":
                        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var f) && !double.IsNaN(f) ? f : null;
                    case "string":
                        return value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                    case "boolean":
                        return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;
                    case "date":
                        return value.ValueKind == JsonValueKind.String && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", inv, DateTimeStyles.None, out var date) ? date : null;
                    case "timestamp" or "timestamp_ntz":
                        if (value.ValueKind != JsonValueKind.String
                            || !DateTimeOffset.TryParse(value.GetString(), inv, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var moment))
                        {
                            return null;
                        }

                        var micros = (moment.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
                        return isMax ? micros + TimestampTruncationMicros : micros;
                    default:
                        return null;
                }

            default:
                return null;
        }
    }

    private static object? Normalize(object? value) => value switch
    {
        null => null,
        sbyte or short or int or long => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        float f => (double)f,
        SqlDecimal => null,
        DateTimeOffset t => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10,
        DateTime t => (DateTime.SpecifyKind(t, DateTimeKind.Utc).Ticks - DateTime.UnixEpoch.Ticks) / 10,
        _ => value,
    };
}
