using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orasi.Connectors;

/// <summary>
/// Adapts a connector's <see cref="IConnector.HealthCheckAsync"/> to
/// <see cref="IHealthCheck"/> so it can be registered with <c>services.AddHealthChecks().AddCheck(...)</c>.
/// </summary>
public sealed class ConnectorHealthCheck : IHealthCheck
{
    private readonly IConnector _connector;

    /// <summary>Wraps a connector.</summary>
    public ConnectorHealthCheck(IConnector connector)
    {
        ArgumentNullException.ThrowIfNull(connector);
        _connector = connector;
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        HealthStatus status;
        try
        {
            status = await _connector.HealthCheckAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A health check reports failures instead of throwing them.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new HealthCheckResult(context?.Registration?.FailureStatus ?? HealthStatus_Unhealthy, $"Health check of connector '{_connector.Name}' threw: {ex.Message}", ex);
        }

        return ToResult(status);
    }

    private const Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus HealthStatus_Unhealthy =
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy;

    /// <summary>Converts an Orasi health status to a health-check result.</summary>
    public static HealthCheckResult ToResult(HealthStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var mapped = status.State switch
        {
            HealthState.Healthy => Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy,
            HealthState.Degraded => Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded,
            _ => Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy,
        };
        return new HealthCheckResult(mapped, status.Description, status.Exception, status.Data);
    }
}
