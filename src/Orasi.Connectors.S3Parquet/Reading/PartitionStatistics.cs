using System.Globalization;
using Apache.Arrow.Types;
using Orasi.Connectors.Predicates;

namespace Orasi.Connectors.S3Parquet.Reading;

/// <summary>Partition values of one file as exact statistics (min = max = value), so predicates prune whole partitions.</summary>
internal sealed class PartitionStatistics(IReadOnlyList<KeyValuePair<string, string?>> values, IReadOnlyDictionary<string, IArrowType> types)
    : IStatisticsProvider
{
    public ColumnStatistics? GetColumnStatistics(string columnPath)
    {
        foreach (var (key, text) in values)
        {
            if (key != columnPath || !types.TryGetValue(key, out var type))
            {
                continue;
            }

            var value = Typed(text, type);
            return new ColumnStatistics(key)
            {
                DataType = type,
                Min = value,
                Max = value,
                NullCount = value is null ? 1 : 0,
                ValueCount = 1,
            };
        }

        return null;
    }

    /// <summary>The typed value of a partition path value (long for Int64, else string).</summary>
    public static object? Typed(string? text, IArrowType type) =>
        text is null ? null : type is Int64Type ? long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture) : text;
}
