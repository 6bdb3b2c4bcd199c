using System.Collections;
using Microsoft.Extensions.Configuration;

namespace Orasi.Connectors.Configuration;

/// <summary>Builds the layered Orasi configuration: built-in defaults, then the TOML file, then environment variables.</summary>
public static class OrasiConfiguration
{
    /// <summary>
    /// Loads the configuration. Later layers win for the same key (environment over file over defaults); a connector's
    /// own key (<c>connectors:kafka:timeout_seconds</c>) wins over the common one (<c>connector:timeout_seconds</c>)
    /// when options are bound, whichever layer each came from.
    /// </summary>
    /// <param name="configFile">A TOML file, or null for none. A given file must exist.</param>
    /// <param name="environment">Variables to use instead of the process environment (for tests).</param>
    /// <returns>The configuration root; pass it to <see cref="OptionsBinder"/> or <see cref="ConfigurationReport.Create"/>.</returns>
    /// <exception cref="ValidationFailedException">The file is missing or not valid TOML, or a JSON-valued variable is malformed.</exception>
    public static IConfigurationRoot Load(string? configFile, IDictionary? environment = null)
    {
        var builder = new ConfigurationBuilder().AddOrasiDefaults();
        IReadOnlyList<string> fileConnectors = [];
        if (!string.IsNullOrWhiteSpace(configFile))
        {
            builder.AddTomlFile(configFile, optional: false);
            fileConnectors = new ConfigurationBuilder().AddTomlFile(configFile, optional: false).Build()
                .GetSection(ConfigurationKeyNaming.ConnectorsSection).GetChildren().Select(c => c.Key).ToArray();
        }

        builder.AddOrasiEnvironment(environment, fileConnectors);
        return builder.Build();
    }
}
