using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Telemetry.Columns;

/// <summary>The column writers of <see cref="TelemetrySchemas.Metrics"/>, in schema order.</summary>
internal sealed class MetricColumnSet
{
    /// <summary><c>timestamp</c>.</summary>
    public PrimitiveColumn<long> Timestamp { get; } = new();

    /// <summary><c>start_timestamp</c>.</summary>
    public PrimitiveColumn<long> StartTimestamp { get; } = new();

    /// <summary><c>service_name</c>.</summary>
    public Utf8Column ServiceName { get; } = new();

    /// <summary><c>metric_name</c>.</summary>
    public Utf8Column MetricName { get; } = new();

    /// <summary><c>metric_description</c>.</summary>
    public Utf8Column MetricDescription { get; } = new();

    /// <summary><c>metric_unit</c>.</summary>
    public Utf8Column MetricUnit { get; } = new();

    /// <summary><c>metric_type</c>.</summary>
    public Utf8Column MetricType { get; } = new();

    /// <summary><c>resource_attributes</c>.</summary>
    public StringMapColumn ResourceAttributes { get; } = new();

    /// <summary><c>scope_name</c>.</summary>
    public Utf8Column ScopeName { get; } = new();

    /// <summary><c>scope_version</c>.</summary>
    public Utf8Column ScopeVersion { get; } = new();

    /// <summary><c>attributes</c>.</summary>
    public StringMapColumn Attributes { get; } = new();

    /// <summary><c>value</c>.</summary>
    public PrimitiveColumn<double> Value { get; } = new();

    /// <summary><c>is_monotonic</c>.</summary>
    public BooleanColumn IsMonotonic { get; } = new();

    /// <summary><c>aggregation_temporality</c>.</summary>
    public Utf8Column AggregationTemporality { get; } = new();

    /// <summary><c>count</c>.</summary>
    public PrimitiveColumn<long> Count { get; } = new();

    /// <summary><c>sum</c>.</summary>
    public PrimitiveColumn<double> Sum { get; } = new();

    /// <summary><c>min</c>.</summary>
    public PrimitiveColumn<double> Min { get; } = new();

    /// <summary><c>max</c>.</summary>
    public PrimitiveColumn<double> Max { get; } = new();

    /// <summary><c>bucket_counts</c>.</summary>
    public PrimitiveListColumn<long> BucketCounts { get; } = new();

    /// <summary><c>explicit_bounds</c>.</summary>
    public PrimitiveListColumn<double> ExplicitBounds { get; } = new();

    /// <summary><c>event_date</c>.</summary>
    public PrimitiveColumn<int> EventDate { get; } = new();

    /// <summary>Rows appended since the last build.</summary>
    public int RowCount => Timestamp.Count;

    /// <summary>Appends nulls to the histogram-only columns of a gauge or sum row.</summary>
    public void AppendNoHistogram()
    {
        Count.AppendNull();
        Sum.AppendNull();
        Min.AppendNull();
        Max.AppendNull();
        BucketCounts.AppendNull();
        ExplicitBounds.AppendNull();
    }

    /// <summary>Builds a batch of <see cref="TelemetrySchemas.Metrics"/> and starts over.</summary>
    public RecordBatch Build()
    {
        int length = RowCount;
        ArrayData[] data =
        [
            Timestamp.Build(TelemetrySchemas.TimestampType),
            StartTimestamp.Build(TelemetrySchemas.TimestampType),
            ServiceName.Build(),
            MetricName.Build(),
            MetricDescription.Build(),
            MetricUnit.Build(),
            MetricType.Build(),
            ResourceAttributes.Build(TelemetrySchemas.AttributesType),
            ScopeName.Build(),
            ScopeVersion.Build(),
            Attributes.Build(TelemetrySchemas.AttributesType),
            Value.Build(DoubleType.Default),
            IsMonotonic.Build(),
            AggregationTemporality.Build(),
            Count.Build(Int64Type.Default),
            Sum.Build(DoubleType.Default),
            Min.Build(DoubleType.Default),
            Max.Build(DoubleType.Default),
            BucketCounts.Build(TelemetrySchemas.BucketCountsType),
            ExplicitBounds.Build(TelemetrySchemas.ExplicitBoundsType),
            EventDate.Build(Date32Type.Default),
        ];
        return BatchAssembly.Assemble(TelemetrySchemas.Metrics, data, length);
    }
}
