namespace Orasi.Connectors.Telemetry;

/// <summary>A timed event on a span (OTLP <c>Span.Event</c>), one item of the <c>events</c> column.</summary>
public sealed record SpanEvent
{
    /// <summary>Event name, e.g. <c>exception</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Event time in nanoseconds since the Unix epoch.</summary>
    public required long TimeUnixNano { get; init; }

    /// <summary>Event attributes in order; keys and values must be non-null.</summary>
    public IReadOnlyCollection<KeyValuePair<string, string>> Attributes { get; init; } = [];

    /// <summary>Structural equality: attributes are compared in order.</summary>
    public bool Equals(SpanEvent? other) =>
        other is not null && Name == other.Name && TimeUnixNano == other.TimeUnixNano &&
        ValueEquality.SequenceEqual(Attributes, other.Attributes);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, TimeUnixNano, ValueEquality.CountHash(Attributes));
}
