using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Orasi.Connectors.Configuration;

/// <summary>Supplies <c>connector:timeout_seconds = 30</c>, <c>connector:batch_size = 1000</c> and the other common defaults.</summary>
public sealed class OrasiDefaultsConfigurationProvider : ConfigurationProvider
{
    /// <inheritdoc />
    public override void Load()
    {
        static string Key(string name) => ConfigurationKeyNaming.CommonSection + ConfigurationPath.KeyDelimiter + name;
        Data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [Key("timeout_seconds")] = ConnectorOptions.DefaultTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            [Key("batch_size")] = ConnectorOptions.DefaultBatchSize.ToString(CultureInfo.InvariantCulture),
            [Key("max_connections")] = ConnectorOptions.DefaultMaxConnections.ToString(CultureInfo.InvariantCulture),
            [Key("retry_attempts")] = ConnectorOptions.DefaultRetryAttempts.ToString(CultureInfo.InvariantCulture),
            [Key("enable_metrics")] = "true",
            [Key("enable_tracing")] = "true",
        };
    }
}
