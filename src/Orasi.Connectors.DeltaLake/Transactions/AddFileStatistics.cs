using System.Text.Json;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.Predicates;

namespace Orasi.Connectors.DeltaLake.Transactions;

/// <summary>
/// Statistics of one add action for <see cref="Predicate.CanMatch"/>: partition columns give an exact single value;
/// top-level numeric and string columns use the min/max/nullCount of the stats JSON; anything else is unknown.
/// </summary>
internal sealed class AddFileStatistics : IStatisticsProvider
{
    private readonly AddFile _add;
    private readonly StructType _schema;
    private readonly IReadOnlyList<string> _partitionColumns;
    private readonly ColumnMappingMode _mode;
    private JsonDocument? _stats;
    private bool _statsParsed;

    /// <summary>Creates the provider for <paramref name="add"/> under <paramref name="metadata"/>.</summary>
    public AddFileStatistics(AddFile add, Metadata metadata, StructType schema)
    {
        _add = add;
        _schema = schema;
        _partitionColumns = metadata.PartitionColumns;
        _mode = metadata.ColumnMappingMode;
    }

    /// <inheritdoc />
    public ColumnStatistics? GetColumnStatistics(string columnPath)
    {
        var field = _schema.FindField(columnPath);
        if (field is null)
        {
            return null;
        }

        if (_partitionColumns.Contains(field.Name, StringComparer.OrdinalIgnoreCase))
        {
            _add.PartitionValues.TryGetValue(field.PhysicalNameFor(_mode), out var text);
            var value = Normalize(PartitionValueCodec.Decode(text, field.Type, field.Name));
            return new ColumnStatistics(columnPath)
            {
                DataType = DeltaArrowSchema.ToArrowType(field.Type),
                Min = value,
                Max = value,
                NullCount = value is null ? 1 : 0,
                ValueCount = 1,
            };
        }

        return FromJson(field, columnPath);
    }

    private ColumnStatistics? FromJson(StructField field, string columnPath)
    {
        if (!_statsParsed)
        {
            _statsParsed = true;
            if (_add.Stats is { } text)
            {
                try
                {
                    _stats = JsonDocument.Parse(text);
                }
                catch (JsonException)
                {
                    _stats = null;
                }
            }
        }

        if (_stats is null || field.Type is not DeltaPrimitiveType p || p.Name is not ("byte" or "short" or "integer" or "long" or "float" or "double" or "string"))
        {
            return null;
        }

        var root = _stats.RootElement;
        var name = field.PhysicalNameFor(_mode);
        object? Read(string section)
        {
            if (!root.TryGetProperty(section, out var values) || values.ValueKind != JsonValueKind.Object || !values.TryGetProperty(name, out var v))
            {
                return null;
            }

            return (p.Name, v.ValueKind) switch
            {
                ("string", JsonValueKind.String) => null, // truncated prefixes are not exact bounds for every operator
                ("float" or "double", JsonValueKind.Number) => v.GetDouble(),
                (_, JsonValueKind.Number) when v.TryGetInt64(out var l) => l,
                _ => null,
            };
        }

        long? nulls = root.TryGetProperty("nullCount", out var nc) && nc.ValueKind == JsonValueKind.Object && nc.TryGetProperty(name, out var n) && n.TryGetInt64(out var count) ? count : null;
        long? records = root.TryGetProperty("numRecords", out var nr) && nr.TryGetInt64(out var r) ? r : null;
        return new ColumnStatistics(columnPath)
        {
            DataType = DeltaArrowSchema.ToArrowType(field.Type),
            Min = Read("minValues"),
            Max = Read("maxValues"),
            NullCount = nulls,
            ValueCount = records,
        };
    }

    private static object? Normalize(object? value) => value switch
    {
        null => null,
        sbyte v => (long)v,
        short v => (long)v,
        int v => (long)v,
        long v => v,
        float v => (double)v,
        double v => v,
        DateTimeOffset t => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10,
        DateTime t => (t.Ticks - DateTime.UnixEpoch.Ticks) / 10,
        byte[] => null,
        _ => value,
    };
}
