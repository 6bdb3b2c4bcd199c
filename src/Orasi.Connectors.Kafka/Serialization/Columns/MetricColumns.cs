using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.Telemetry;

namespace Orasi.Connectors.Kafka.Serialization.Columns;

/// <summary>The column builders of <see cref="TelemetrySchemas.Metrics"/>, filled row by row by <see cref="OtlpMetricDecoder"/>.</summary>
internal sealed class MetricColumns : IColumnSet<MetricColumns>
{
    public PrimitiveBuilder<long> Time { get; } = new();

    public NullablePrimitiveBuilder<long> Start { get; } = new();

    public Utf8Builder Service { get; } = new();

    public Utf8Builder Name { get; } = new();

    public Utf8Builder Description { get; } = new();

    public Utf8Builder Unit { get; } = new();

    public Utf8Builder Type { get; } = new();

    public StringMapBuilder Resource { get; } = new();

    public Utf8Builder ScopeName { get; } = new();

    public Utf8Builder ScopeVersion { get; } = new();

    public StringMapBuilder Attributes { get; } = new();

    public NullablePrimitiveBuilder<double> Value { get; } = new();

    public NullableBoolBuilder IsMonotonic { get; } = new();

    public NullableUtf8Builder Temporality { get; } = new();

    public NullablePrimitiveBuilder<long> PointCount { get; } = new();

    public NullablePrimitiveBuilder<double> Sum { get; } = new();

    public NullablePrimitiveBuilder<double> Min { get; } = new();

    public NullablePrimitiveBuilder<double> Max { get; } = new();

    public NullableListBuilder<long> BucketCounts { get; } = new();

    public NullableListBuilder<double> ExplicitBounds { get; } = new();

    public PrimitiveBuilder<int> EventDate { get; } = new();

    /// <inheritdoc />
    public int Count => Time.Count;

    /// <inheritdoc />
    public void AppendFrom(MetricColumns other)
    {
        Time.AppendFrom(other.Time);
        Start.AppendFrom(other.Start);
        Service.AppendFrom(other.Service);
        Name.AppendFrom(other.Name);
        Description.AppendFrom(other.Description);
        Unit.AppendFrom(other.Unit);
        Type.AppendFrom(other.Type);
        Resource.AppendFrom(other.Resource);
        ScopeName.AppendFrom(other.ScopeName);
        ScopeVersion.AppendFrom(other.ScopeVersion);
        Attributes.AppendFrom(other.Attributes);
        Value.AppendFrom(other.Value);
        IsMonotonic.AppendFrom(other.IsMonotonic);
        Temporality.AppendFrom(other.Temporality);
        PointCount.AppendFrom(other.PointCount);
        Sum.AppendFrom(other.Sum);
        Min.AppendFrom(other.Min);
        Max.AppendFrom(other.Max);
        BucketCounts.AppendFrom(other.BucketCounts);
        ExplicitBounds.AppendFrom(other.ExplicitBounds);
        EventDate.AppendFrom(other.EventDate);
    }

    /// <inheritdoc />
    public RecordBatch Build()
    {
        int rows = Count;
        ArrayData[] data =
        [
            Time.Build(TelemetrySchemas.TimestampType),
            Start.Build(TelemetrySchemas.TimestampType),
            Service.Build(),
            Name.Build(),
            Description.Build(),
            Unit.Build(),
            Type.Build(),
            Resource.Build(TelemetrySchemas.AttributesType),
            ScopeName.Build(),
            ScopeVersion.Build(),
            Attributes.Build(TelemetrySchemas.AttributesType),
            Value.Build(DoubleType.Default),
            IsMonotonic.Build(),
            Temporality.Build(),
            PointCount.Build(Int64Type.Default),
            Sum.Build(DoubleType.Default),
            Min.Build(DoubleType.Default),
            Max.Build(DoubleType.Default),
            BucketCounts.Build(TelemetrySchemas.BucketCountsType),
            ExplicitBounds.Build(TelemetrySchemas.ExplicitBoundsType),
            EventDate.Build(Date32Type.Default),
        ];
        return new RecordBatch(TelemetrySchemas.Metrics, data.Select(ArrowArrayFactory.BuildArray), rows);
    }
}
