using System.Diagnostics;

namespace Orasi.Connectors.Telemetry;

/// <summary>A link from a span to a span of possibly another trace (OTLP <c>Span.Link</c>), one item of the <c>links</c> column.</summary>
public sealed record SpanLink
{
    /// <summary>The linked trace.</summary>
    public required ActivityTraceId TraceId { get; init; }

    /// <summary>The linked span.</summary>
    public required ActivitySpanId SpanId { get; init; }

    /// <summary>The linked span's W3C tracestate; empty when absent.</summary>
    public string TraceState { get; init; } = string.Empty;

    /// <summary>Link attributes in order.</summary>
    public IReadOnlyCollection<KeyValuePair<string, string>> Attributes { get; init; } = [];

    /// <summary>Structural equality: attributes are compared in order.</summary>
    public bool Equals(SpanLink? other) =>
        other is not null && TraceId == other.TraceId && SpanId == other.SpanId && TraceState == other.TraceState &&
        ValueEquality.SequenceEqual(Attributes, other.Attributes);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(TraceId, SpanId, TraceState, ValueEquality.CountHash(Attributes));
}
