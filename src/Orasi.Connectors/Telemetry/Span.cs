using System.Diagnostics;

namespace Orasi.Connectors.Telemetry;

/// <summary>
/// One span, the row model of <see cref="TelemetrySchemas.Traces"/>. Ids use <see cref="ActivityTraceId"/> and
/// <see cref="ActivitySpanId"/> (16 and 8 bytes, no allocation, W3C hex via <c>ToHexString()</c>); times are
/// nanoseconds since the Unix epoch, as in OTLP, so nothing is lost to <see cref="DateTime"/>'s 100 ns ticks.
/// Equality is structural (attributes, events and links compared in order).
/// </summary>
public sealed record Span
{
    /// <summary>The trace the span belongs to (<c>trace_id</c>).</summary>
    public required ActivityTraceId TraceId { get; init; }

    /// <summary>The span's id (<c>span_id</c>).</summary>
    public required ActivitySpanId SpanId { get; init; }

    /// <summary>The parent span's id, null for a root span (<c>parent_span_id</c>).</summary>
    public ActivitySpanId? ParentSpanId { get; init; }

    /// <summary>W3C tracestate, empty when absent (<c>trace_state</c>).</summary>
    public string TraceState { get; init; } = string.Empty;

    /// <summary>Operation name (<c>span_name</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Span kind (<c>span_kind</c>).</summary>
    public SpanKind Kind { get; init; } = SpanKind.Internal;

    /// <summary>The emitting service, i.e. the <c>service.name</c> resource attribute (<c>service_name</c>).</summary>
    public required string ServiceName { get; init; }

    /// <summary>Resource attributes in order (<c>resource_attributes</c>).</summary>
    public IReadOnlyCollection<KeyValuePair<string, string>> ResourceAttributes { get; init; } = [];

    /// <summary>Instrumentation scope name, empty when absent (<c>scope_name</c>).</summary>
    public string ScopeName { get; init; } = string.Empty;

    /// <summary>Instrumentation scope version, empty when absent (<c>scope_version</c>).</summary>
    public string ScopeVersion { get; init; } = string.Empty;

    /// <summary>Span attributes in order (<c>span_attributes</c>).</summary>
    public IReadOnlyCollection<KeyValuePair<string, string>> Attributes { get; init; } = [];

    /// <summary>Start time in nanoseconds since the Unix epoch (<c>timestamp</c>).</summary>
    public required long StartTimeUnixNano { get; init; }

    /// <summary>End time in nanoseconds since the Unix epoch (<c>end_timestamp</c>); not before the start.</summary>
    public required long EndTimeUnixNano { get; init; }

    /// <summary>Status code (<c>status_code</c>).</summary>
    public SpanStatusCode StatusCode { get; init; } = SpanStatusCode.Unset;

    /// <summary>Status message, empty when absent (<c>status_message</c>).</summary>
    public string StatusMessage { get; init; } = string.Empty;

    /// <summary>Timed events (<c>events</c>).</summary>
    public IReadOnlyList<SpanEvent> Events { get; init; } = [];

    /// <summary>Links to other spans (<c>links</c>).</summary>
    public IReadOnlyList<SpanLink> Links { get; init; } = [];

    /// <summary>End minus start in nanoseconds (<c>duration_ns</c>).</summary>
    public long DurationNanos => EndTimeUnixNano - StartTimeUnixNano;

    /// <summary>Structural equality over every property; collections are compared in order.</summary>
    public bool Equals(Span? other) =>
        other is not null &&
        TraceId == other.TraceId && SpanId == other.SpanId && ParentSpanId == other.ParentSpanId &&
        TraceState == other.TraceState && Name == other.Name && Kind == other.Kind && ServiceName == other.ServiceName &&
        ScopeName == other.ScopeName && ScopeVersion == other.ScopeVersion &&
        StartTimeUnixNano == other.StartTimeUnixNano && EndTimeUnixNano == other.EndTimeUnixNano &&
        StatusCode == other.StatusCode && StatusMessage == other.StatusMessage &&
        ValueEquality.SequenceEqual(ResourceAttributes, other.ResourceAttributes) &&
        ValueEquality.SequenceEqual(Attributes, other.Attributes) &&
        ValueEquality.SequenceEqual(Events, other.Events) &&
        ValueEquality.SequenceEqual(Links, other.Links);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(TraceId, SpanId, Name, StartTimeUnixNano, EndTimeUnixNano, ServiceName);
}
