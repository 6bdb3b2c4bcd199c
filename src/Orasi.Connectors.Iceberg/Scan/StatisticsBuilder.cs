using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Predicates;

namespace Orasi.Connectors.Iceberg.Scan;

/// <summary>Builds predicate statistics (by table column name) from file metrics, partition tuples and partition summaries.</summary>
internal static class StatisticsBuilder
{
    public static IStatisticsProvider FromMetrics(DataFile file, IcebergSchema schema)
    {
        var list = new List<ColumnStatistics>();
        foreach (var field in AllPrimitiveFields(schema))
        {
            var name = schema.FindColumnName(field.Id)!;
            var lower = file.LowerBounds.TryGetValue(field.Id, out var lb) ? Decode(field.Type, lb) : null;
            var upper = file.UpperBounds.TryGetValue(field.Id, out var ub) ? Decode(field.Type, ub) : null;
            long? nulls = file.NullValueCounts.TryGetValue(field.Id, out var n) ? n : null;
            long? values = file.ValueCounts.TryGetValue(field.Id, out var v) ? v : null;
            if (lower is null && upper is null && nulls is null && values is null)
            {
                continue;
            }

            list.Add(new ColumnStatistics(name)
            {
                DataType = SafeArrowType(field.Type),
                Min = lower is not null && upper is not null ? lower : null,
                Max = lower is not null && upper is not null ? upper : null,
                NullCount = nulls,
                ValueCount = values,
            });
        }

        return new ColumnStatisticsSet(list);
    }

    public static IStatisticsProvider FromPartition(IReadOnlyList<object?> partition, PartitionSpec spec, IcebergSchema schema)
    {
        var list = new List<ColumnStatistics>();
        for (var i = 0; i < spec.Fields.Count && i < partition.Count; i++)
        {
            var pf = spec.Fields[i];
            var source = schema.FindField(pf.SourceId);
            if (source is null || !source.Type.IsPrimitive)
            {
                continue;
            }

            var name = schema.FindColumnName(source.Id)!;
            var value = partition[i];
            if (value is null)
            {
                if (pf.Transform.Kind is not (TransformKind.Void or TransformKind.Unknown or TransformKind.Bucket))
                {
                    list.Add(new ColumnStatistics(name) { DataType = SafeArrowType(source.Type), NullCount = 1, ValueCount = 1 });
                }

                continue;
            }

            if (SourceRange(pf.Transform, source.Type, value, value) is { } range)
            {
                list.Add(new ColumnStatistics(name) { DataType = SafeArrowType(source.Type), Min = range.Min, Max = range.Max, NullCount = 0 });
            }
        }

        return new ColumnStatisticsSet(list);
    }

    public static IStatisticsProvider FromSummaries(IReadOnlyList<PartitionFieldSummary> summaries, PartitionSpec spec, IcebergSchema schema)
    {
        var list = new List<ColumnStatistics>();
        for (var i = 0; i < spec.Fields.Count && i < summaries.Count; i++)
        {
            var pf = spec.Fields[i];
            var source = schema.FindField(pf.SourceId);
            if (source is null || !source.Type.IsPrimitive)
            {
                continue;
            }

            var s = summaries[i];
            var resultType = pf.Transform.ResultType(source.Type);
            if (s.LowerBound is null || s.UpperBound is null)
            {
                if (!s.ContainsNull)
                {
                    continue;
                }

                // Only nulls: every file in the manifest has a null partition value here.
                if (pf.Transform.Kind is TransformKind.Identity or TransformKind.Year or TransformKind.Month or TransformKind.Day or TransformKind.Hour or TransformKind.Truncate)
                {
                    list.Add(new ColumnStatistics(schema.FindColumnName(source.Id)!) { DataType = SafeArrowType(source.Type), NullCount = 1, ValueCount = 1 });
                }

                continue;
            }

            var lower = Conversions.FromBinary(resultType, s.LowerBound);
            var upper = Conversions.FromBinary(resultType, s.UpperBound);
            if (lower is null || upper is null || SourceRange(pf.Transform, source.Type, lower, upper) is not { } range)
            {
                continue;
            }

            list.Add(new ColumnStatistics(schema.FindColumnName(source.Id)!)
            {
                DataType = SafeArrowType(source.Type),
                Min = range.Min,
                Max = range.Max,
                NullCount = s.ContainsNull ? null : 0,
            });
        }

        return new ColumnStatisticsSet(list);
    }

    /// <summary>The range of source values (normalized for statistics) whose transform falls in [lower, upper].</summary>
    private static (object Min, object Max)? SourceRange(Transform transform, IcebergType source, object lower, object upper)
    {
        var name = (source as PrimitiveType)?.Name;
        switch (transform.Kind)
        {
            case TransformKind.Identity:
            {
                var min = Conversions.ToStatisticsValue(source, lower);
                var max = Conversions.ToStatisticsValue(source, upper);
                return min is null || max is null ? null : (min, max);
            }

            case TransformKind.Truncate when name is "int" or "long":
                return (Convert.ToInt64(lower, System.Globalization.CultureInfo.InvariantCulture),
                    Convert.ToInt64(upper, System.Globalization.CultureInfo.InvariantCulture) + transform.Parameter - 1);
            case TransformKind.Year or TransformKind.Month or TransformKind.Day or TransformKind.Hour:
            {
                var lo = Convert.ToInt64(lower, System.Globalization.CultureInfo.InvariantCulture);
                var hi = Convert.ToInt64(upper, System.Globalization.CultureInfo.InvariantCulture);
                var startMicros = StartMicros(transform.Kind, lo);
                var endMicros = StartMicros(transform.Kind, hi + 1) - 1;
                return name switch
                {
                    "date" => (DateOnly.FromDayNumber(Conversions.EpochDay + (int)Transform.FloorDiv(startMicros, 86_400_000_000L)),
                        DateOnly.FromDayNumber(Conversions.EpochDay + (int)Transform.FloorDiv(endMicros, 86_400_000_000L))),
                    "timestamp" or "timestamptz" => (startMicros, endMicros),
                    "timestamp_ns" or "timestamptz_ns" => (startMicros * 1000, (endMicros * 1000) + 999),
                    _ => null,
                };
            }

            default:
                return null;
        }
    }

    private static long StartMicros(TransformKind kind, long value)
    {
        switch (kind)
        {
            case TransformKind.Hour: return value * 3_600_000_000L;
            case TransformKind.Day: return value * 86_400_000_000L;
            case TransformKind.Month:
            {
                var year = 1970 + (int)Transform.FloorDiv(value, 12);
                var month = (int)(value - (Transform.FloorDiv(value, 12) * 12)) + 1;
                return (new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Utc).Ticks - DateTime.UnixEpoch.Ticks) / 10;
            }

            default:
                return (new DateTime(1970 + (int)value, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks - DateTime.UnixEpoch.Ticks) / 10;
        }
    }

    private static object? Decode(IcebergType type, byte[] bytes)
    {
        try
        {
            return Conversions.ToStatisticsValue(type, Conversions.FromBinary(type, bytes));
        }
        catch (CorruptDataException)
        {
            return null;
        }
    }

    private static Apache.Arrow.Types.IArrowType? SafeArrowType(IcebergType type)
    {
        try
        {
            return IcebergSchema.ToArrowType(type);
        }
        catch (UnsupportedFeatureException)
        {
            return null;
        }
    }

    private static IEnumerable<NestedField> AllPrimitiveFields(IcebergSchema schema)
    {
        var stack = new Stack<NestedField>(schema.Fields.Reverse());
        while (stack.Count > 0)
        {
            var f = stack.Pop();
            if (f.Type is StructType s)
            {
                foreach (var c in s.Fields) stack.Push(c);
            }
            else if (f.Type.IsPrimitive)
            {
                yield return f;
            }
        }
    }
}
