using System.Diagnostics;

namespace Orasi.Connectors.Storage;

/// <summary>Checks that an object store can be reached and listed, the health probe of every storage-backed connector.</summary>
public static class ObjectStoreHealth
{
    /// <summary>
    /// Lists at most one object under <paramref name="prefix"/> and reports how long it took. Never throws for an
    /// unreachable store: the failure is the status.
    /// </summary>
    public static async Task<HealthStatus> CheckAsync(IObjectStore store, string prefix = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await foreach (var _ in store.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
            {
                break;
            }

            var data = new Dictionary<string, object>
            {
                ["root"] = store.Root.ToString(),
                ["latency_ms"] = Math.Round(stopwatch.Elapsed.TotalMilliseconds, 1),
            };
            return HealthStatus.Healthy($"Storage at {store.Root} is reachable.", data);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A health check reports failures instead of throwing them.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return HealthStatus.Unhealthy($"Storage at {store.Root} is not usable: {ex.Message}", ex);
        }
    }
}
