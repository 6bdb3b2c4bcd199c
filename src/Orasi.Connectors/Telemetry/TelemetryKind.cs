namespace Orasi.Connectors.Telemetry;

/// <summary>The three OpenTelemetry signals, each with one Arrow schema in <see cref="TelemetrySchemas"/>.</summary>
public enum TelemetryKind
{
    /// <summary>Spans: one row per span (<see cref="TelemetrySchemas.Traces"/>).</summary>
    Traces,

    /// <summary>Metric data points: one row per point (<see cref="TelemetrySchemas.Metrics"/>).</summary>
    Metrics,

    /// <summary>Log records: one row per record (<see cref="TelemetrySchemas.Logs"/>).</summary>
    Logs,
}
