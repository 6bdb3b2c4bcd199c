namespace Orasi.Connectors.Telemetry;

/// <summary>OTLP span kind; numbers are OTLP's, stored in Arrow as the OTLP name (e.g. <c>SPAN_KIND_SERVER</c>).</summary>
public enum SpanKind
{
    /// <summary><c>SPAN_KIND_UNSPECIFIED</c>.</summary>
    Unspecified = 0,

    /// <summary><c>SPAN_KIND_INTERNAL</c>.</summary>
    Internal = 1,

    /// <summary><c>SPAN_KIND_SERVER</c>.</summary>
    Server = 2,

    /// <summary><c>SPAN_KIND_CLIENT</c>.</summary>
    Client = 3,

    /// <summary><c>SPAN_KIND_PRODUCER</c>.</summary>
    Producer = 4,

    /// <summary><c>SPAN_KIND_CONSUMER</c>.</summary>
    Consumer = 5,
}
