namespace Orasi.Connectors.Telemetry;

/// <summary>OTLP aggregation temporality; stored in Arrow as the OTLP name (e.g. <c>AGGREGATION_TEMPORALITY_CUMULATIVE</c>).</summary>
public enum AggregationTemporality
{
    /// <summary><c>AGGREGATION_TEMPORALITY_UNSPECIFIED</c>.</summary>
    Unspecified = 0,

    /// <summary><c>AGGREGATION_TEMPORALITY_DELTA</c>.</summary>
    Delta = 1,

    /// <summary><c>AGGREGATION_TEMPORALITY_CUMULATIVE</c>.</summary>
    Cumulative = 2,
}
