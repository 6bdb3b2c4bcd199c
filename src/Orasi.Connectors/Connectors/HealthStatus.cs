namespace Orasi.Connectors;

/// <summary>The result of a connector health check: a state, a sentence saying why, and optional details.</summary>
/// <param name="State">Healthy, degraded or unhealthy.</param>
/// <param name="Description">One sentence a person can act on.</param>
/// <param name="Data">Extra facts (latency, endpoint, version); never secrets.</param>
/// <param name="Exception">The error that made the target unhealthy, if any.</param>
public sealed record HealthStatus(
    HealthState State,
    string Description,
    IReadOnlyDictionary<string, object>? Data = null,
    Exception? Exception = null)
{
    /// <summary>A healthy status.</summary>
    public static HealthStatus Healthy(string description, IReadOnlyDictionary<string, object>? data = null) =>
        new(HealthState.Healthy, description, data);

    /// <summary>A degraded status.</summary>
    public static HealthStatus Degraded(string description, Exception? exception = null, IReadOnlyDictionary<string, object>? data = null) =>
        new(HealthState.Degraded, description, data, exception);

    /// <summary>An unhealthy status.</summary>
    public static HealthStatus Unhealthy(string description, Exception? exception = null, IReadOnlyDictionary<string, object>? data = null) =>
        new(HealthState.Unhealthy, description, data, exception);

    /// <summary>True when the state is <see cref="HealthState.Healthy"/>.</summary>
    public bool IsHealthy => State == HealthState.Healthy;
}
