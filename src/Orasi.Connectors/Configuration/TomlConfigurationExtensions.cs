using System.Collections;
using Microsoft.Extensions.Configuration;

namespace Orasi.Connectors.Configuration;

/// <summary>Extension methods adding the Orasi configuration sources to an <see cref="IConfigurationBuilder"/>.</summary>
public static class TomlConfigurationExtensions
{
    /// <summary>Adds a TOML file; its keys override those of sources added before it.</summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="path">Path of the TOML file.</param>
    /// <param name="optional">When true a missing file is ignored.</param>
    /// <returns>The same builder.</returns>
    public static IConfigurationBuilder AddTomlFile(this IConfigurationBuilder builder, string path, bool optional = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return builder.Add(new TomlConfigurationSource { Path = path, Optional = optional });
    }

    /// <summary>Adds the Orasi environment variables (<c>{CONNECTOR}_{KEY}</c>, <c>CONNECTOR_{KEY}</c>).</summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="environment">Variables to read instead of the process environment (for tests); null reads the process.</param>
    /// <param name="additionalConnectorNames">Connector names to recognise besides <see cref="KnownConnectors.Names"/>.</param>
    /// <returns>The same builder.</returns>
    public static IConfigurationBuilder AddOrasiEnvironment(
        this IConfigurationBuilder builder, IDictionary? environment = null, IEnumerable<string>? additionalConnectorNames = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new OrasiEnvironmentConfigurationSource
        {
            Environment = environment,
            AdditionalConnectorNames = additionalConnectorNames?.ToArray() ?? [],
        });
    }

    /// <summary>Adds the built-in defaults of the common connector keys (timeout_seconds 30, batch_size 1000, …).</summary>
    /// <param name="builder">The configuration builder.</param>
    /// <returns>The same builder.</returns>
    public static IConfigurationBuilder AddOrasiDefaults(this IConfigurationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new OrasiDefaultsConfigurationSource());
    }
}
