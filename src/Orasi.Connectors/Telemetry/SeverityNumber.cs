namespace Orasi.Connectors.Telemetry;

/// <summary>
/// OTLP log severity number (0–24), stored as int32 in <c>severity_number</c>. Ranges: 1–4 TRACE, 5–8 DEBUG,
/// 9–12 INFO, 13–16 WARN, 17–20 ERROR, 21–24 FATAL.
/// </summary>
public enum SeverityNumber
{
    /// <summary><c>SEVERITY_NUMBER_UNSPECIFIED</c>.</summary>
    Unspecified = 0,

    /// <summary><c>SEVERITY_NUMBER_TRACE</c>.</summary>
    Trace = 1,

    /// <summary><c>SEVERITY_NUMBER_TRACE2</c>.</summary>
    Trace2 = 2,

    /// <summary><c>SEVERITY_NUMBER_TRACE3</c>.</summary>
    Trace3 = 3,

    /// <summary><c>SEVERITY_NUMBER_TRACE4</c>.</summary>
    Trace4 = 4,

    /// <summary><c>SEVERITY_NUMBER_DEBUG</c>.</summary>
    Debug = 5,

    /// <summary><c>SEVERITY_NUMBER_DEBUG2</c>.</summary>
    Debug2 = 6,

    /// <summary><c>SEVERITY_NUMBER_DEBUG3</c>.</summary>
    Debug3 = 7,

    /// <summary><c>SEVERITY_NUMBER_DEBUG4</c>.</summary>
    Debug4 = 8,

    /// <summary><c>SEVERITY_NUMBER_INFO</c>.</summary>
    Info = 9,

    /// <summary><c>SEVERITY_NUMBER_INFO2</c>.</summary>
    Info2 = 10,

    /// <summary><c>SEVERITY_NUMBER_INFO3</c>.</summary>
    Info3 = 11,

    /// <summary><c>SEVERITY_NUMBER_INFO4</c>.</summary>
    Info4 = 12,

    /// <summary><c>SEVERITY_NUMBER_WARN</c>.</summary>
    Warn = 13,

    /// <summary><c>SEVERITY_NUMBER_WARN2</c>.</summary>
    Warn2 = 14,

    /// <summary><c>SEVERITY_NUMBER_WARN3</c>.</summary>
    Warn3 = 15,

    /// <summary><c>SEVERITY_NUMBER_WARN4</c>.</summary>
    Warn4 = 16,

    /// <summary><c>SEVERITY_NUMBER_ERROR</c>.</summary>
    Error = 17,

    /// <summary><c>SEVERITY_NUMBER_ERROR2</c>.</summary>
    Error2 = 18,

    /// <summary><c>SEVERITY_NUMBER_ERROR3</c>.</summary>
    Error3 = 19,

    /// <summary><c>SEVERITY_NUMBER_ERROR4</c>.</summary>
    Error4 = 20,

    /// <summary><c>SEVERITY_NUMBER_FATAL</c>.</summary>
    Fatal = 21,

    /// <summary><c>SEVERITY_NUMBER_FATAL2</c>.</summary>
    Fatal2 = 22,

    /// <summary><c>SEVERITY_NUMBER_FATAL3</c>.</summary>
    Fatal3 = 23,

    /// <summary><c>SEVERITY_NUMBER_FATAL4</c>.</summary>
    Fatal4 = 24,
}
