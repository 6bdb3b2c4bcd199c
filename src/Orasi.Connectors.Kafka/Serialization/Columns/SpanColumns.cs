using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.Telemetry;

namespace Orasi.Connectors.Kafka.Serialization.Columns;

/// <summary>
/// The column builders of <see cref="TelemetrySchemas.Traces"/>, filled row by row by <see cref="OtlpSpanDecoder"/>.
/// Sets filled in parallel are joined in order with <see cref="AppendFrom"/>; <see cref="Build"/> hands the buffers
/// to a record batch without copying and starts over.
/// </summary>
internal sealed class SpanColumns : IColumnSet<SpanColumns>
{
    public PrimitiveBuilder<long> Start { get; } = new();

    public PrimitiveBuilder<long> End { get; } = new();

    public PrimitiveBuilder<long> Duration { get; } = new();

    public FixedBinaryBuilder TraceId { get; } = new(TelemetrySchemas.TraceIdType);

    public FixedBinaryBuilder SpanId { get; } = new(TelemetrySchemas.SpanIdType);

    public FixedBinaryBuilder ParentSpanId { get; } = new(TelemetrySchemas.SpanIdType);

    public Utf8Builder TraceState { get; } = new();

    public Utf8Builder Name { get; } = new();

    public Utf8Builder Kind { get; } = new();

    public Utf8Builder Service { get; } = new();

    public StringMapBuilder Resource { get; } = new();

    public Utf8Builder ScopeName { get; } = new();

    public Utf8Builder ScopeVersion { get; } = new();

    public StringMapBuilder Attributes { get; } = new();

    public Utf8Builder StatusCode { get; } = new();

    public Utf8Builder StatusMessage { get; } = new();

    public OffsetsBuilder Events { get; } = new();

    public PrimitiveBuilder<long> EventTime { get; } = new();

    public Utf8Builder EventName { get; } = new();

    public StringMapBuilder EventAttributes { get; } = new();

    public OffsetsBuilder Links { get; } = new();

    public FixedBinaryBuilder LinkTraceId { get; } = new(TelemetrySchemas.TraceIdType);

    public FixedBinaryBuilder LinkSpanId { get; } = new(TelemetrySchemas.SpanIdType);

    public Utf8Builder LinkTraceState { get; } = new();

    public StringMapBuilder LinkAttributes { get; } = new();

    public PrimitiveBuilder<int> EventDate { get; } = new();

    /// <summary>Rows appended.</summary>
    public int Count => Start.Count;

    /// <summary>Appends the rows of <paramref name="other"/> after this set's rows.</summary>
    public void AppendFrom(SpanColumns other)
    {
        Start.AppendFrom(other.Start);
        End.AppendFrom(other.End);
        Duration.AppendFrom(other.Duration);
        TraceId.AppendFrom(other.TraceId);
        SpanId.AppendFrom(other.SpanId);
        ParentSpanId.AppendFrom(other.ParentSpanId);
        TraceState.AppendFrom(other.TraceState);
        Name.AppendFrom(other.Name);
        Kind.AppendFrom(other.Kind);
        Service.AppendFrom(other.Service);
        Resource.AppendFrom(other.Resource);
        ScopeName.AppendFrom(other.ScopeName);
        ScopeVersion.AppendFrom(other.ScopeVersion);
        Attributes.AppendFrom(other.Attributes);
        StatusCode.AppendFrom(other.StatusCode);
        StatusMessage.AppendFrom(other.StatusMessage);
        Events.AppendFrom(other.Events, EventTime.Count);
        EventTime.AppendFrom(other.EventTime);
        EventName.AppendFrom(other.EventName);
        EventAttributes.AppendFrom(other.EventAttributes);
        Links.AppendFrom(other.Links, LinkTraceId.Count);
        LinkTraceId.AppendFrom(other.LinkTraceId);
        LinkSpanId.AppendFrom(other.LinkSpanId);
        LinkTraceState.AppendFrom(other.LinkTraceState);
        LinkAttributes.AppendFrom(other.LinkAttributes);
        EventDate.AppendFrom(other.EventDate);
    }

    /// <summary>Builds a batch of <see cref="TelemetrySchemas.Traces"/> and starts over.</summary>
    public RecordBatch Build()
    {
        Schema schema = TelemetrySchemas.Traces;
        int rows = Count;
        var eventType = (StructType)TelemetrySchemas.SpanEventsType.ValueDataType;
        var linkType = (StructType)TelemetrySchemas.SpanLinksType.ValueDataType;
        int eventCount = EventTime.Count;
        var events = new ArrayData(eventType, eventCount, 0, 0, [ArrowBuffer.Empty],
            [EventTime.Build(eventType.Fields[0].DataType), EventName.Build(), EventAttributes.Build((MapType)eventType.Fields[2].DataType)]);
        int linkCount = LinkTraceId.Count;
        var links = new ArrayData(linkType, linkCount, 0, 0, [ArrowBuffer.Empty],
            [LinkTraceId.Build(), LinkSpanId.Build(), LinkTraceState.Build(), LinkAttributes.Build((MapType)linkType.Fields[3].DataType)]);
        ArrayData[] data =
        [
            Start.Build(TelemetrySchemas.TimestampType),
            End.Build(TelemetrySchemas.TimestampType),
            Duration.Build(Int64Type.Default),
            TraceId.Build(),
            SpanId.Build(),
            ParentSpanId.Build(),
            TraceState.Build(),
            Name.Build(),
            Kind.Build(),
            Service.Build(),
            Resource.Build(TelemetrySchemas.AttributesType),
            ScopeName.Build(),
            ScopeVersion.Build(),
            Attributes.Build(TelemetrySchemas.AttributesType),
            StatusCode.Build(),
            StatusMessage.Build(),
            new ArrayData(TelemetrySchemas.SpanEventsType, rows, 0, 0, [ArrowBuffer.Empty, Events.Detach()], [events]),
            new ArrayData(TelemetrySchemas.SpanLinksType, rows, 0, 0, [ArrowBuffer.Empty, Links.Detach()], [links]),
            EventDate.Build(Date32Type.Default),
        ];
        var arrays = new IArrowArray[data.Length];
        for (int i = 0; i < data.Length; i++)
        {
            arrays[i] = ArrowArrayFactory.BuildArray(data[i]);
        }

        return new RecordBatch(schema, arrays, rows);
    }
}
