namespace Orasi.Connectors.Telemetry;

/// <summary>OTLP span status code; stored in Arrow as the OTLP name (e.g. <c>STATUS_CODE_ERROR</c>).</summary>
public enum SpanStatusCode
{
    /// <summary><c>STATUS_CODE_UNSET</c>.</summary>
    Unset = 0,

    /// <summary><c>STATUS_CODE_OK</c>.</summary>
    Ok = 1,

    /// <summary><c>STATUS_CODE_ERROR</c>.</summary>
    Error = 2,
}
