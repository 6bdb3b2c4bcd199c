using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.Telemetry;

namespace Orasi.Connectors.Kafka.Serialization.Columns;

/// <summary>The column builders of <see cref="TelemetrySchemas.Logs"/>, filled row by row by <see cref="OtlpLogDecoder"/>.</summary>
internal sealed class LogColumns : IColumnSet<LogColumns>
{
    public PrimitiveBuilder<long> Time { get; } = new();

    public PrimitiveBuilder<long> Observed { get; } = new();

    public FixedBinaryBuilder TraceId { get; } = new(TelemetrySchemas.TraceIdType);

    public FixedBinaryBuilder SpanId { get; } = new(TelemetrySchemas.SpanIdType);

    public PrimitiveBuilder<int> TraceFlags { get; } = new();

    public Utf8Builder SeverityText { get; } = new();

    public PrimitiveBuilder<int> SeverityNumber { get; } = new();

    public Utf8Builder Service { get; } = new();

    public Utf8Builder Body { get; } = new();

    public StringMapBuilder Resource { get; } = new();

    public Utf8Builder ScopeName { get; } = new();

    public Utf8Builder ScopeVersion { get; } = new();

    public StringMapBuilder Attributes { get; } = new();

    public PrimitiveBuilder<int> EventDate { get; } = new();

    /// <inheritdoc />
    public int Count => Time.Count;

    /// <inheritdoc />
    public void AppendFrom(LogColumns other)
    {
        Time.AppendFrom(other.Time);
        Observed.AppendFrom(other.Observed);
        TraceId.AppendFrom(other.TraceId);
        SpanId.AppendFrom(other.SpanId);
        TraceFlags.AppendFrom(other.TraceFlags);
        SeverityText.AppendFrom(other.SeverityText);
        SeverityNumber.AppendFrom(other.SeverityNumber);
        Service.AppendFrom(other.Service);
        Body.AppendFrom(other.Body);
        Resource.AppendFrom(other.Resource);
        ScopeName.AppendFrom(other.ScopeName);
        ScopeVersion.AppendFrom(other.ScopeVersion);
        Attributes.AppendFrom(other.Attributes);
        EventDate.AppendFrom(other.EventDate);
    }

    /// <inheritdoc />
    public RecordBatch Build()
    {
        int rows = Count;
        ArrayData[] data =
        [
            Time.Build(TelemetrySchemas.TimestampType),
            Observed.Build(TelemetrySchemas.TimestampType),
            TraceId.Build(),
            SpanId.Build(),
            TraceFlags.Build(Int32Type.Default),
            SeverityText.Build(),
            SeverityNumber.Build(Int32Type.Default),
            Service.Build(),
            Body.Build(),
            Resource.Build(TelemetrySchemas.AttributesType),
            ScopeName.Build(),
            ScopeVersion.Build(),
            Attributes.Build(TelemetrySchemas.AttributesType),
            EventDate.Build(Date32Type.Default),
        ];
        return new RecordBatch(TelemetrySchemas.Logs, data.Select(ArrowArrayFactory.BuildArray), rows);
    }
}
