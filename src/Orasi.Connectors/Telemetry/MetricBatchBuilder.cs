using Apache.Arrow;
using Orasi.Connectors.Telemetry.Columns;

namespace Orasi.Connectors.Telemetry;

/// <summary>
/// Accumulates <see cref="MetricDataPoint"/>s and builds record batches of <see cref="TelemetrySchemas.Metrics"/>;
/// reusable after <see cref="Build"/>. Not thread-safe.
/// </summary>
public sealed class MetricBatchBuilder
{
    private readonly MetricColumnSet _columns = new();

    /// <summary>Number of data points appended since the last <see cref="Build"/>.</summary>
    public int Count => _columns.RowCount;

    /// <summary>Appends one data point.</summary>
    /// <exception cref="ArgumentException">A required string or attribute is null, or a histogram's buckets do not fit its bounds.</exception>
    public MetricBatchBuilder Append(MetricDataPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        Validate(point);

        var c = _columns;
        c.Timestamp.Append(point.TimeUnixNano);
        c.StartTimestamp.Append(point.StartTimeUnixNano);
        c.ServiceName.Append(point.ServiceName);
        c.MetricName.Append(point.MetricName);
        c.MetricDescription.Append(point.MetricDescription);
        c.MetricUnit.Append(point.MetricUnit);
        c.MetricType.Append(OtlpNames.Utf8(point.MetricType));
        c.ResourceAttributes.Append(point.ResourceAttributes, TelemetryColumnNames.ResourceAttributes);
        c.ScopeName.Append(point.ScopeName);
        c.ScopeVersion.Append(point.ScopeVersion);
        c.Attributes.Append(point.Attributes, TelemetryColumnNames.Attributes);
        c.Value.Append(point.Value);
        c.IsMonotonic.Append(point.IsMonotonic);
        if (point.AggregationTemporality is { } temporality)
        {
            c.AggregationTemporality.Append(OtlpNames.Utf8(temporality));
        }
        else
        {
            c.AggregationTemporality.AppendNull();
        }

        c.Count.Append(point.Count);
        c.Sum.Append(point.Sum);
        c.Min.Append(point.Min);
        c.Max.Append(point.Max);
        c.BucketCounts.Append(point.BucketCounts);
        c.ExplicitBounds.Append(point.ExplicitBounds);
        c.EventDate.Append(TelemetrySchemas.EventDateOf(point.TimeUnixNano));
        return this;
    }

    /// <summary>Appends data points in order.</summary>
    public MetricBatchBuilder AppendRange(IEnumerable<MetricDataPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        foreach (var point in points)
        {
            Append(point);
        }

        return this;
    }

    /// <summary>Builds a batch of the data points appended so far and empties the builder.</summary>
    public RecordBatch Build() => _columns.Build();

    private static void Validate(MetricDataPoint point)
    {
        const string Model = nameof(MetricDataPoint);
        ModelValidation.RequireString(point.MetricName, nameof(MetricDataPoint.MetricName), Model);
        ModelValidation.RequireString(point.MetricDescription, nameof(MetricDataPoint.MetricDescription), Model);
        ModelValidation.RequireString(point.MetricUnit, nameof(MetricDataPoint.MetricUnit), Model);
        ModelValidation.RequireString(point.ServiceName, nameof(MetricDataPoint.ServiceName), Model);
        ModelValidation.RequireString(point.ScopeName, nameof(MetricDataPoint.ScopeName), Model);
        ModelValidation.RequireString(point.ScopeVersion, nameof(MetricDataPoint.ScopeVersion), Model);
        ModelValidation.RequireAttributes(point.ResourceAttributes, nameof(MetricDataPoint.ResourceAttributes), Model);
        ModelValidation.RequireAttributes(point.Attributes, nameof(MetricDataPoint.Attributes), Model);
        _ = OtlpNames.Utf8(point.MetricType);
        if (point.AggregationTemporality is { } temporality)
        {
            _ = OtlpNames.Utf8(temporality);
        }

        if (point.BucketCounts is not null && point.ExplicitBounds is not null &&
            point.BucketCounts.Count != point.ExplicitBounds.Count + 1)
        {
            throw new ArgumentException(
                $"Histogram point of '{point.MetricName}' has {point.BucketCounts.Count} bucket counts for {point.ExplicitBounds.Count} bounds; there must be exactly one more count than bounds.",
                nameof(point));
        }
    }
}
