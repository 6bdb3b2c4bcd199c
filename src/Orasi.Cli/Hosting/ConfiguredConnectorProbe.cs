using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Orasi.Connectors;
using Orasi.Connectors.Configuration;
using Orasi.Connectors.DeltaLake.Connector;
using Orasi.Connectors.Iceberg.Connector;
using Orasi.Connectors.Storage;

namespace Orasi.Cli.Hosting;

/// <summary>
/// Health of one configured connector section. Connectors built into this CLI (<c>deltalake</c>, <c>iceberg</c>) answer with their own
/// <see cref="IConnector.HealthCheckAsync"/>; for the others this checks what the section points at: the object store
/// of a table/dataset location, or TCP reachability of Kafka bootstrap servers. A connector that is not built yet is
/// reported as degraded at best, never as healthy.
/// </summary>
internal static class ConfiguredConnectorProbe
{
    private static readonly string[] LocationKeys = ["table_path", "path", "target", "location", "warehouse", "base_path", "uri"];

    public static async Task<HealthStatus> CheckAsync(string name, IConfigurationSection section, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            if (string.Equals(name, DeltaLakeOptions.ConnectorName, StringComparison.OrdinalIgnoreCase))
            {
                return await CheckDeltaLakeAsync(name, section, timeoutSource.Token).ConfigureAwait(false);
            }

            if (string.Equals(name, IcebergOptions.ConnectorName, StringComparison.OrdinalIgnoreCase))
            {
                return await CheckIcebergAsync(name, section, timeoutSource.Token).ConfigureAwait(false);
            }

            var location = LocationKeys.Select(k => section[k]).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
            if (location is not null)
            {
                return await CheckStorageAsync(name, location, section, timeoutSource.Token).ConfigureAwait(false);
            }

            var servers = ReadList(section.GetSection("bootstrap_servers"));
            if (servers.Count > 0)
            {
                return await CheckBrokersAsync(name, servers, timeoutSource.Token).ConfigureAwait(false);
            }

            return HealthStatus.Unhealthy($"Connector '{name}' has no location to check (set one of {string.Join(", ", LocationKeys)} or bootstrap_servers) and its connector is not available in this build.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthStatus.Unhealthy(string.Create(CultureInfo.InvariantCulture, $"Connector '{name}' did not answer within {timeout.TotalSeconds:F0} s (timeout_seconds)."));
        }
    }

    private static async Task<HealthStatus> CheckDeltaLakeAsync(string name, IConfigurationSection section, CancellationToken cancellationToken)
    {
        DeltaLakeOptions options;
        try
        {
            options = DeltaLakeOptions.FromConfiguration(section);
        }
        catch (ConfigurationValidationException ex)
        {
            return HealthStatus.Unhealthy($"Connector '{name}': {ex.Message}", ex);
        }

        var connector = new DeltaLakeConnector(options);
        await using (connector.ConfigureAwait(false))
        {
            return await connector.HealthCheckAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<HealthStatus> CheckIcebergAsync(string name, IConfigurationSection section, CancellationToken cancellationToken)
    {
        IcebergOptions options;
        try
        {
            options = IcebergOptions.FromConfiguration(section);
        }
        catch (ConfigurationValidationException ex)
        {
            return HealthStatus.Unhealthy($"Connector '{name}': {ex.Message}", ex);
        }

        var connector = new IcebergConnector(options);
        await using (connector.ConfigureAwait(false))
        {
            return await connector.HealthCheckAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<HealthStatus> CheckStorageAsync(string name, string location, IConfigurationSection section, CancellationToken cancellationToken)
    {
        var options = section.GetSection("storage_options").GetChildren()
            .Where(c => c.Value is not null)
            .ToDictionary(c => c.Key, c => c.Value!, StringComparer.OrdinalIgnoreCase);
        IObjectStore store;
        try
        {
            store = ObjectStoreFactory.Open(location, options);
        }
        catch (ConnectorException ex)
        {
            return HealthStatus.Unhealthy($"Connector '{name}': {ex.Message}", ex);
        }

        await using (store.ConfigureAwait(false))
        {
            var storage = await ObjectStoreHealth.CheckAsync(store, "", cancellationToken).ConfigureAwait(false);
            if (!storage.IsHealthy)
            {
                return storage;
            }

            return storage with
            {
                State = IsBuilt(name) ? HealthState.Healthy : HealthState.Degraded,
                Description = IsBuilt(name)
                    ? storage.Description
                    : $"{storage.Description} The '{name}' connector itself is not built yet, so only its storage was checked.",
            };
        }
    }

    private static async Task<HealthStatus> CheckBrokersAsync(string name, IReadOnlyList<string> servers, CancellationToken cancellationToken)
    {
        var reachable = new List<string>();
        var failures = new List<string>();
        var stopwatch = Stopwatch.StartNew();
        foreach (var server in servers)
        {
            var colon = server.LastIndexOf(':');
            var host = colon > 0 ? server[..colon] : server;
            var port = colon > 0 && int.TryParse(server[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 9092;
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
                reachable.Add(server);
            }
            catch (SocketException ex)
            {
                failures.Add($"{server} ({ex.SocketErrorCode})");
            }
        }

        var data = new Dictionary<string, object> { ["latency_ms"] = Math.Round(stopwatch.Elapsed.TotalMilliseconds, 1) };
        if (reachable.Count == 0)
        {
            return HealthStatus.Unhealthy($"Connector '{name}': no bootstrap server is reachable: {string.Join(", ", failures)}.", data: data);
        }

        var note = IsBuilt(name) ? "" : $" The '{name}' connector itself is not built yet, so only TCP reachability was checked.";
        return failures.Count == 0 && IsBuilt(name)
            ? HealthStatus.Healthy($"Connector '{name}': all {reachable.Count} bootstrap servers are reachable.", data)
            : HealthStatus.Degraded($"Connector '{name}': {reachable.Count} of {servers.Count} bootstrap servers reachable{(failures.Count > 0 ? $"; unreachable: {string.Join(", ", failures)}" : "")}.{note}", data: data);
    }

    /// <summary>Connectors whose packages exist in this build; the others are checked by location only.</summary>
    private static bool IsBuilt(string name) => false;

    private static List<string> ReadList(IConfigurationSection section)
    {
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return section.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        }

        return section.GetChildren().Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).ToList();
    }
}
