using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Orasi.Connectors.Configuration;

/// <summary>
/// The keys common to every connector (the seed's <c>[connector]</c> section). Per-connector options derive from this
/// class and add their own properties; when bound for a connector, each common key is taken from
/// <c>[connectors.&lt;name&gt;]</c> if set there, else from <c>[connector]</c>, else the default below.
/// Property names map to snake_case keys (<c>TimeoutSeconds</c> → <c>timeout_seconds</c>) unless
/// <see cref="ConfigurationKeyNameAttribute"/> says otherwise; DataAnnotations attributes declare the rules.
/// </summary>
public class ConnectorOptions : IValidatableConnectorOptions
{
    /// <summary>Default of <see cref="TimeoutSeconds"/>.</summary>
    public const int DefaultTimeoutSeconds = 30;

    /// <summary>Default of <see cref="BatchSize"/>.</summary>
    public const int DefaultBatchSize = 1000;

    /// <summary>Default of <see cref="MaxConnections"/>.</summary>
    public const int DefaultMaxConnections = 10;

    /// <summary>Default of <see cref="RetryAttempts"/>.</summary>
    public const int DefaultRetryAttempts = 3;

    /// <summary>The common keys, in the seed's order; only these fall back from a connector's section to <c>[connector]</c>.</summary>
    public static IReadOnlyList<string> CommonKeys { get; } =
    [
        "host", "port", "timeout_seconds", "username", "password", "batch_size", "max_connections", "retry_attempts",
        "enable_metrics", "enable_tracing",
    ];

    /// <summary>Service host name; unset by default.</summary>
    public string? Host { get; set; }

    /// <summary>Service port (1–65535); unset by default.</summary>
    [Range(1, 65535)]
    public int? Port { get; set; }

    /// <summary>Operation timeout in seconds (&gt; 0, default 30).</summary>
    [Range(1, int.MaxValue)]
    public int TimeoutSeconds { get; set; } = DefaultTimeoutSeconds;

    /// <summary>User name for authentication; unset by default.</summary>
    public string? Username { get; set; }

    /// <summary>Password for authentication; unset by default and never shown in reports or errors.</summary>
    public string? Password { get; set; }

    /// <summary>Rows per batch (&gt; 0, default 1000).</summary>
    [Range(1, int.MaxValue)]
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>Maximum concurrent connections (&gt; 0, default 10).</summary>
    [Range(1, int.MaxValue)]
    public int MaxConnections { get; set; } = DefaultMaxConnections;

    /// <summary>Retries after a retryable failure (≥ 0, default 3).</summary>
    [Range(0, int.MaxValue)]
    public int RetryAttempts { get; set; } = DefaultRetryAttempts;

    /// <summary>Whether to emit metrics (default true).</summary>
    public bool EnableMetrics { get; set; } = true;

    /// <summary>Whether to emit traces (default true).</summary>
    public bool EnableTracing { get; set; } = true;

    /// <summary><see cref="TimeoutSeconds"/> as a <see cref="TimeSpan"/>.</summary>
    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>Binds and validates the common <c>[connector]</c> keys from the process environment alone (defaults, then environment).</summary>
    /// <returns>The validated options.</returns>
    /// <exception cref="ConfigurationValidationException">A value is malformed or out of range.</exception>
    public static ConnectorOptions FromEnvironment() => FromConfiguration(OrasiConfiguration.Load(null));

    /// <summary>Binds and validates the common <c>[connector]</c> keys.</summary>
    /// <param name="configuration">The configuration root, e.g. from <see cref="OrasiConfiguration.Load"/>.</param>
    /// <returns>The validated options.</returns>
    /// <exception cref="ConfigurationValidationException">A value is malformed or out of range.</exception>
    public static ConnectorOptions FromConfiguration(IConfiguration configuration) =>
        OptionsBinder.Bind<ConnectorOptions>(configuration, connectorName: null);

    /// <summary>Binds and validates the common keys as they apply to one connector (its section over <c>[connector]</c>).</summary>
    /// <param name="configuration">The configuration root.</param>
    /// <param name="connectorName">The connector, e.g. <c>kafka</c>.</param>
    /// <returns>The validated options.</returns>
    /// <exception cref="ConfigurationValidationException">A value is malformed or out of range.</exception>
    public static ConnectorOptions FromConfiguration(IConfiguration configuration, string connectorName) =>
        OptionsBinder.Bind<ConnectorOptions>(configuration, connectorName);

    /// <summary>Cross-field rules; the base class has none. Override and yield local keys (<c>table_path</c>).</summary>
    /// <returns>The problems found.</returns>
    public virtual IEnumerable<ConfigurationError> Validate() => [];
}
