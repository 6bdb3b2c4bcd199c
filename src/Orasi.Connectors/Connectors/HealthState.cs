namespace Orasi.Connectors;

/// <summary>The coarse health of a connector.</summary>
public enum HealthState
{
    /// <summary>Working normally.</summary>
    Healthy,

    /// <summary>Working, but slower or with reduced function (for example some brokers down).</summary>
    Degraded,

    /// <summary>Not usable.</summary>
    Unhealthy,
}
