namespace Orasi.Connectors.Telemetry.Generation;

/// <summary>How a generated series' value evolves from one time step to the next.</summary>
internal enum MetricBehaviour
{
    /// <summary>A ratio in (0, 1) doing a bounded random walk (CPU utilisation).</summary>
    Utilization,

    /// <summary>A byte count drifting multiplicatively (memory usage).</summary>
    Memory,

    /// <summary>A monotonic cumulative counter (requests).</summary>
    Counter,

    /// <summary>A bounded up-down counter (pool connections).</summary>
    UpDown,

    /// <summary>A cumulative latency histogram.</summary>
    Latency,
}
