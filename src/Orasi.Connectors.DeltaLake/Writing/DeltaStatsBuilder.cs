using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using TimeUnit = Apache.Arrow.Types.TimeUnit;
using TimestampType = Apache.Arrow.Types.TimestampType;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.Parquet;
using Orasi.Connectors.Predicates;

namespace Orasi.Connectors.DeltaLake.Writing;

/// <summary>
/// Builds the <c>stats</c> JSON of an add action from what the Parquet writer measured: <c>numRecords</c>, and for each
/// indexed leaf column <c>minValues</c>, <c>maxValues</c> and <c>nullCount</c>, keyed by physical names and nested like
/// the schema. Timestamps are ISO-8601 with milliseconds (min truncated down, max rounded up), strings keep a prefix
/// (the max gets a U+FFFD tie-breaker so it stays an upper bound), binary and boolean get only null counts, and
/// arrays and maps get none.
/// </summary>
internal static class DeltaStatsBuilder
{
    /// <summary>Builds the stats JSON for one data file.</summary>
    /// <param name="summary">What the writer returned.</param>
    /// <param name="dataFields">The table's non-partition fields (logical schema), in file order.</param>
    /// <param name="mode">The column mapping mode (stats use physical names).</param>
    /// <param name="options">Which columns get statistics.</param>
    public static string Build(ParquetFileSummary summary, IReadOnlyList<StructField> dataFields, ColumnMappingMode mode, StatsOptions options)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var min = new JsonObject();
        var max = new JsonObject();
        var nulls = new JsonObject();
        var leafIndex = 0;
        foreach (var field in dataFields)
        {
            Visit(field, string.Empty, string.Empty, summary, mode, options, ref leafIndex, min, max, nulls);
        }

        var root = new JsonObject
        {
            ["numRecords"] = summary.RowCount,
            ["minValues"] = min,
            ["maxValues"] = max,
            ["nullCount"] = nulls,
        };
        return root.ToJsonString();
    }

    private static void Visit(StructField field, string logicalPrefix, string physicalPrefix, ParquetFileSummary summary, ColumnMappingMode mode,
        StatsOptions options, ref int leafIndex, JsonObject min, JsonObject max, JsonObject nulls)
    {
        var physical = field.PhysicalNameFor(mode);
        var logicalPath = logicalPrefix + field.Name;
        var physicalPath = physicalPrefix + physical;
        if (field.Type is StructType st)
        {
            var childMin = new JsonObject();
            var childMax = new JsonObject();
            var childNulls = new JsonObject();
            foreach (var child in st.Fields)
            {
                Visit(child, logicalPath + ".", physicalPath + ".", summary, mode, options, ref leafIndex, childMin, childMax, childNulls);
            }

            AddIfNotEmpty(min, physical, childMin);
            AddIfNotEmpty(max, physical, childMax);
            AddIfNotEmpty(nulls, physical, childNulls);
            return;
        }

        var index = leafIndex++;
        if (!Included(logicalPath, index, options) || field.Type is DeltaArrayType or DeltaMapType)
        {
            return;
        }

        var stats = summary.GetColumnStatistics(physicalPath);
        if (stats is null)
        {
            return;
        }

        if (stats.NullCount is { } nullCount)
        {
            nulls[physical] = nullCount;
        }

        if (field.Type is DeltaPrimitiveType { Name: "string" } && options.StringPrefixLength == 0)
        {
            return;
        }

        if (Format(stats.Min, stats, field.Type, isMax: false, options) is { } minNode)
        {
            min[physical] = minNode;
        }

        if (Format(stats.Max, stats, field.Type, isMax: true, options) is { } maxNode)
        {
            max[physical] = maxNode;
        }
    }

    private static void AddIfNotEmpty(JsonObject parent, string name, JsonObject child)
    {
        if (child.Count > 0)
        {
            parent[name] = child;
        }
    }

    private static bool Included(string logicalPath, int leafIndex, StatsOptions options)
    {
        if (options.StatsColumns is { } columns)
        {
            // A listed struct includes all its leaves.
            var path = logicalPath;
            while (true)
            {
                if (columns.Contains(path))
                {
                    return true;
                }

                var dot = path.LastIndexOf('.');
                if (dot < 0)
                {
                    return false;
                }

                path = path[..dot];
            }
        }

        return options.NumIndexedColumns < 0 || leafIndex < options.NumIndexedColumns;
    }

    private static JsonNode? Format(object? value, ColumnStatistics stats, DeltaDataType type, bool isMax, StatsOptions options)
    {
        if (value is null)
        {
            return null;
        }

        var inv = CultureInfo.InvariantCulture;
        switch (type)
        {
            case DeltaDecimalType:
                return value is decimal m ? JsonValue.Create(m) : null;
            case DeltaPrimitiveType p:
                switch (p.Name)
                {
                    case "byte" or "short" or "integer" or "long":
                        return value is long l ? JsonValue.Create(l) : null;
                    case "float":
                        return value is double f && double.IsFinite(f) ? JsonValue.Create((float)f) : null;
                    case "double":
                        return value is double d && double.IsFinite(d) ? JsonValue.Create(d) : null;
                    case "date":
                        return value is DateOnly date ? JsonValue.Create(date.ToString("yyyy-MM-dd", inv)) : null;
                    case "timestamp" or "timestamp_ntz":
                        if (value is not long raw || stats.DataType is not TimestampType ts)
                        {
                            return null;
                        }

                        var millis = ToMillis(raw, ts.Unit, roundUp: isMax);
                        var time = DateTimeOffset.FromUnixTimeMilliseconds(millis).UtcDateTime;
                        return JsonValue.Create(time.ToString(p.Name == "timestamp" ? "yyyy-MM-dd'T'HH:mm:ss.fff'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff", inv));
                    case "string":
                        return value is string s ? (isMax ? TruncateMax(s, options.StringPrefixLength) : TruncateMin(s, options.StringPrefixLength)) is { } t ? JsonValue.Create(t) : null : null;
                    default:
                        return null; // boolean, binary, void
                }

            default:
                return null;
        }
    }

    private static long ToMillis(long raw, TimeUnit unit, bool roundUp)
    {
        var divisor = unit switch
        {
            TimeUnit.Second => -1000L,
            TimeUnit.Millisecond => 1L,
            TimeUnit.Microsecond => 1000L,
            _ => 1_000_000L,
        };
        if (divisor < 0)
        {
            return raw * 1000;
        }

        var q = Math.DivRem(raw, divisor, out var r);
        if (r != 0 && raw < 0)
        {
            q--;
        }

        return roundUp && r != 0 ? q + 1 : q;
    }

    /// <summary>The first <paramref name="prefix"/> characters (never splitting a surrogate pair).</summary>
    internal static string TruncateMin(string value, int prefix)
    {
        var runes = value.EnumerateRunes().ToList();
        return runes.Count <= prefix ? value : Concat(runes, prefix);
    }

    /// <summary>
    /// A string of about <paramref name="prefix"/> characters that is greater than or equal to <paramref name="value"/> in
    /// UTF-8 byte order: a prefix followed by U+FFFD, extended until the next character is below U+FFFD; null when no
    /// such prefix exists (the max is then omitted).
    /// </summary>
    internal static string? TruncateMax(string value, int prefix)
    {
        var runes = value.EnumerateRunes().ToList();
        if (runes.Count <= prefix)
        {
            return value;
        }

        for (var i = prefix; i < runes.Count && i < prefix * 2; i++)
        {
            if (runes[i].Value < 0xFFFD)
            {
                return Concat(runes, i) + "\uFFFD";
            }
        }

        return null;
    }

    private static string Concat(List<Rune> runes, int count)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            sb.Append(runes[i].ToString());
        }

        return sb.ToString();
    }
}
