using Apache.Arrow;
using Orasi.Connectors.Telemetry.Columns;
using N = Orasi.Connectors.Telemetry.TelemetryColumnNames;

namespace Orasi.Connectors.Telemetry;

/// <summary>Reads <see cref="MetricDataPoint"/>s back out of record batches of <see cref="TelemetrySchemas.Metrics"/>.</summary>
public static class MetricBatchReader
{
    /// <summary>The data points of a batch, in row order; columns are found by name and checked up front.</summary>
    /// <exception cref="ValidationFailedException">A column is missing or has another type.</exception>
    /// <exception cref="CorruptDataException">A <c>metric_type</c> or <c>aggregation_temporality</c> value is unknown.</exception>
    public static IEnumerable<MetricDataPoint> Read(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        const TelemetryKind K = TelemetryKind.Metrics;
        var time = ColumnReader.Column<TimestampArray>(batch, N.Timestamp, K);
        var startTime = ColumnReader.Column<TimestampArray>(batch, N.StartTimestamp, K);
        var service = ColumnReader.Column<StringArray>(batch, N.ServiceName, K);
        var name = ColumnReader.Column<StringArray>(batch, N.MetricName, K);
        var description = ColumnReader.Column<StringArray>(batch, N.MetricDescription, K);
        var unit = ColumnReader.Column<StringArray>(batch, N.MetricUnit, K);
        var type = ColumnReader.Column<StringArray>(batch, N.MetricType, K);
        var resource = ColumnReader.Column<MapArray>(batch, N.ResourceAttributes, K);
        var scopeName = ColumnReader.Column<StringArray>(batch, N.ScopeName, K);
        var scopeVersion = ColumnReader.Column<StringArray>(batch, N.ScopeVersion, K);
        var attributes = ColumnReader.Column<MapArray>(batch, N.Attributes, K);
        var value = ColumnReader.Column<DoubleArray>(batch, N.Value, K);
        var monotonic = ColumnReader.Column<BooleanArray>(batch, N.IsMonotonic, K);
        var temporality = ColumnReader.Column<StringArray>(batch, N.AggregationTemporality, K);
        var count = ColumnReader.Column<Int64Array>(batch, N.Count, K);
        var sum = ColumnReader.Column<DoubleArray>(batch, N.Sum, K);
        var min = ColumnReader.Column<DoubleArray>(batch, N.Min, K);
        var max = ColumnReader.Column<DoubleArray>(batch, N.Max, K);
        var buckets = ColumnReader.Column<ListArray>(batch, N.BucketCounts, K);
        var bounds = ColumnReader.Column<ListArray>(batch, N.ExplicitBounds, K);
        return Iterate();

        IEnumerable<MetricDataPoint> Iterate()
        {
            long timeUnit = ColumnReader.NanosPerUnit(time);
            long startUnit = ColumnReader.NanosPerUnit(startTime);
            for (int i = 0; i < batch.Length; i++)
            {
                string? temporalityName = temporality.GetString(i);
                yield return new MetricDataPoint
                {
                    TimeUnixNano = ColumnReader.Nanos(time, i, timeUnit),
                    StartTimeUnixNano = startTime.IsNull(i) ? null : ColumnReader.Nanos(startTime, i, startUnit),
                    ServiceName = ColumnReader.String(service, i),
                    MetricName = ColumnReader.String(name, i),
                    MetricDescription = ColumnReader.String(description, i),
                    MetricUnit = ColumnReader.String(unit, i),
                    MetricType = OtlpNames.ParseMetricType(type.GetString(i), N.MetricType),
                    ResourceAttributes = ColumnReader.Map(resource, i),
                    ScopeName = ColumnReader.String(scopeName, i),
                    ScopeVersion = ColumnReader.String(scopeVersion, i),
                    Attributes = ColumnReader.Map(attributes, i),
                    Value = value.GetValue(i),
                    IsMonotonic = monotonic.GetValue(i),
                    AggregationTemporality = temporalityName is null ? null : OtlpNames.ParseTemporality(temporalityName, N.AggregationTemporality),
                    Count = count.GetValue(i),
                    Sum = sum.GetValue(i),
                    Min = min.GetValue(i),
                    Max = max.GetValue(i),
                    BucketCounts = ReadList<Int64Array, long>(buckets, i),
                    ExplicitBounds = ReadList<DoubleArray, double>(bounds, i),
                };
            }
        }
    }

    private static TValue[]? ReadList<TArray, TValue>(ListArray list, int row)
        where TArray : PrimitiveArray<TValue>
        where TValue : struct, IEquatable<TValue>
    {
        if (list.IsNull(row))
        {
            return null;
        }

        var items = (TArray)list.Values;
        int first = list.ValueOffsets[row];
        int length = list.GetValueLength(row);
        return items.Values.Slice(first, length).ToArray();
    }
}
