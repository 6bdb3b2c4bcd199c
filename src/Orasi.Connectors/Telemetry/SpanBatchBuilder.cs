using Apache.Arrow;
using Orasi.Connectors.Telemetry.Columns;

namespace Orasi.Connectors.Telemetry;

/// <summary>
/// Accumulates <see cref="Span"/>s and builds record batches of <see cref="TelemetrySchemas.Traces"/>. Values go
/// straight into Arrow buffers; <see cref="Build"/> hands them over without copying and leaves the builder empty and
/// reusable. Not thread-safe.
/// </summary>
public sealed class SpanBatchBuilder
{
    private readonly SpanColumnSet _columns = new();

    /// <summary>Number of spans appended since the last <see cref="Build"/>.</summary>
    public int Count => _columns.Count;

    /// <summary>Appends one span.</summary>
    /// <exception cref="ArgumentException">A required string or attribute is null, or the span ends before it starts.</exception>
    public SpanBatchBuilder Append(Span span)
    {
        ArgumentNullException.ThrowIfNull(span);
        Validate(span);
        var c = _columns;
        c.AppendTimes(span.StartTimeUnixNano, span.EndTimeUnixNano);
        span.TraceId.CopyTo(c.TraceId.AppendWritable());
        span.SpanId.CopyTo(c.SpanId.AppendWritable());
        if (span.ParentSpanId is { } parent)
        {
            parent.CopyTo(c.ParentSpanId.AppendWritable());
        }
        else
        {
            c.ParentSpanId.AppendNull();
        }

        c.TraceState.Append(span.TraceState);
        c.SpanName.Append(span.Name);
        c.SpanKind.Append(OtlpNames.Utf8(span.Kind));
        c.ServiceName.Append(span.ServiceName);
        c.ResourceAttributes.Append(span.ResourceAttributes, TelemetryColumnNames.ResourceAttributes);
        c.ScopeName.Append(span.ScopeName);
        c.ScopeVersion.Append(span.ScopeVersion);
        c.SpanAttributes.Append(span.Attributes, TelemetryColumnNames.SpanAttributes);
        c.StatusCode.Append(OtlpNames.Utf8(span.StatusCode));
        c.StatusMessage.Append(span.StatusMessage);

        foreach (var e in span.Events ?? [])
        {
            c.Events.Timestamp.Append(e.TimeUnixNano);
            c.Events.Name.Append(e.Name);
            c.Events.Attributes.Append(e.Attributes, TelemetryColumnNames.Events);
            c.Events.EndEvent();
        }

        c.Events.EndList();
        foreach (var link in span.Links ?? [])
        {
            link.TraceId.CopyTo(c.Links.TraceId.AppendWritable());
            link.SpanId.CopyTo(c.Links.SpanId.AppendWritable());
            c.Links.TraceState.Append(link.TraceState);
            c.Links.Attributes.Append(link.Attributes, TelemetryColumnNames.Links);
            c.Links.EndLink();
        }

        c.Links.EndList();
        return this;
    }

    /// <summary>Appends spans in order.</summary>
    public SpanBatchBuilder AppendRange(IEnumerable<Span> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        foreach (var span in spans)
        {
            Append(span);
        }

        return this;
    }

    /// <summary>Builds a batch of the spans appended so far and empties the builder.</summary>
    public RecordBatch Build() => _columns.Build();

    private static void Validate(Span span)
    {
        const string Model = nameof(Span);
        ModelValidation.RequireString(span.Name, nameof(Span.Name), Model);
        ModelValidation.RequireString(span.ServiceName, nameof(Span.ServiceName), Model);
        ModelValidation.RequireString(span.TraceState, nameof(Span.TraceState), Model);
        ModelValidation.RequireString(span.ScopeName, nameof(Span.ScopeName), Model);
        ModelValidation.RequireString(span.ScopeVersion, nameof(Span.ScopeVersion), Model);
        ModelValidation.RequireString(span.StatusMessage, nameof(Span.StatusMessage), Model);
        ModelValidation.RequireAttributes(span.ResourceAttributes, nameof(Span.ResourceAttributes), Model);
        ModelValidation.RequireAttributes(span.Attributes, nameof(Span.Attributes), Model);
        if (span.EndTimeUnixNano < span.StartTimeUnixNano)
        {
            throw new ArgumentException(
                $"Span '{span.Name}' ({span.SpanId.ToHexString()}) ends at {span.EndTimeUnixNano} ns, before its start at {span.StartTimeUnixNano} ns; fix the span's times.",
                nameof(span));
        }

        _ = OtlpNames.Utf8(span.Kind);
        _ = OtlpNames.Utf8(span.StatusCode);
        foreach (var e in span.Events ?? [])
        {
            ArgumentNullException.ThrowIfNull(e, nameof(Span.Events));
            ModelValidation.RequireString(e.Name, nameof(SpanEvent.Name), nameof(SpanEvent));
            ModelValidation.RequireAttributes(e.Attributes, nameof(SpanEvent.Attributes), nameof(SpanEvent));
        }

        foreach (var link in span.Links ?? [])
        {
            ArgumentNullException.ThrowIfNull(link, nameof(Span.Links));
            ModelValidation.RequireString(link.TraceState, nameof(SpanLink.TraceState), nameof(SpanLink));
            ModelValidation.RequireAttributes(link.Attributes, nameof(SpanLink.Attributes), nameof(SpanLink));
        }
    }
}
