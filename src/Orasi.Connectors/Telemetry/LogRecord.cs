using System.Diagnostics;

namespace Orasi.Connectors.Telemetry;

/// <summary>
/// One log record, the row model of <see cref="TelemetrySchemas.Logs"/>. Times are nanoseconds since the Unix epoch;
/// ids are null when the record is not correlated with a trace. Equality is structural (attributes in order).
/// </summary>
public sealed record LogRecord
{
    /// <summary>When the event happened (<c>timestamp</c>).</summary>
    public required long TimeUnixNano { get; init; }

    /// <summary>When the event was observed by the collection system (<c>observed_timestamp</c>).</summary>
    public required long ObservedTimeUnixNano { get; init; }

    /// <summary>Correlated trace, or null (<c>trace_id</c>).</summary>
    public ActivityTraceId? TraceId { get; init; }

    /// <summary>Correlated span, or null (<c>span_id</c>).</summary>
    public ActivitySpanId? SpanId { get; init; }

    /// <summary>W3C trace flags, 1 = sampled (<c>trace_flags</c>).</summary>
    public int TraceFlags { get; init; }

    /// <summary>Severity text as emitted, e.g. <c>INFO</c>; empty when absent (<c>severity_text</c>).</summary>
    public string SeverityText { get; init; } = string.Empty;

    /// <summary>OTLP severity number (<c>severity_number</c>).</summary>
    public SeverityNumber SeverityNumber { get; init; }

    /// <summary>The emitting service (<c>service_name</c>).</summary>
    public required string ServiceName { get; init; }

    /// <summary>The body rendered as a string (<c>body</c>).</summary>
    public string Body { get; init; } = string.Empty;

    /// <summary>Resource attributes in order (<c>resource_attributes</c>).</summary>
    public IReadOnlyCollection<KeyValuePair<string, string>> ResourceAttributes { get; init; } = [];

    /// <summary>Instrumentation scope name (<c>scope_name</c>).</summary>
    public string ScopeName { get; init; } = string.Empty;

    /// <summary>Instrumentation scope version (<c>scope_version</c>).</summary>
    public string ScopeVersion { get; init; } = string.Empty;

    /// <summary>Log attributes in order (<c>log_attributes</c>).</summary>
    public IReadOnlyCollection<KeyValuePair<string, string>> Attributes { get; init; } = [];

    /// <summary>Structural equality over every property; attributes are compared in order.</summary>
    public bool Equals(LogRecord? other) =>
        other is not null &&
        TimeUnixNano == other.TimeUnixNano && ObservedTimeUnixNano == other.ObservedTimeUnixNano &&
        TraceId == other.TraceId && SpanId == other.SpanId && TraceFlags == other.TraceFlags &&
        SeverityText == other.SeverityText && SeverityNumber == other.SeverityNumber && ServiceName == other.ServiceName &&
        Body == other.Body && ScopeName == other.ScopeName && ScopeVersion == other.ScopeVersion &&
        ValueEquality.SequenceEqual(ResourceAttributes, other.ResourceAttributes) &&
        ValueEquality.SequenceEqual(Attributes, other.Attributes);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(TimeUnixNano, ServiceName, Body, SeverityNumber);
}
