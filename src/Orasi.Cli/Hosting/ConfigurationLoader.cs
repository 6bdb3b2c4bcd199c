using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Orasi.Connectors;
using Orasi.Connectors.Configuration;

namespace Orasi.Cli.Hosting;

/// <summary>Finds the configuration file of a command (--config, else $ORASI_CONFIG, else ./orasi.toml) and loads the layered configuration.</summary>
internal static class ConfigurationLoader
{
    /// <summary>The environment variable naming the default configuration file.</summary>
    public const string ConfigFileVariable = "ORASI_CONFIG";

    /// <summary>The file used when neither --config nor $ORASI_CONFIG is given and it exists in the working directory.</summary>
    public const string DefaultFileName = "orasi.toml";

    public static string? ResolveFile(ParseResult parse, GlobalOptions globals, CliContext context)
    {
        var explicitFile = parse.GetValue(globals.Config)?.FullName;
        if (explicitFile is null && context.Environment.TryGetValue(ConfigFileVariable, out var fromEnv) && !string.IsNullOrWhiteSpace(fromEnv))
        {
            explicitFile = Path.GetFullPath(fromEnv);
        }

        if (explicitFile is not null)
        {
            if (!File.Exists(explicitFile))
            {
                throw new ValidationFailedException($"The configuration file '{explicitFile}' does not exist; check the --config path or ${ConfigFileVariable}.");
            }

            return explicitFile;
        }

        var local = Path.GetFullPath(DefaultFileName);
        return File.Exists(local) ? local : null;
    }

    public static IConfigurationRoot Load(ParseResult parse, GlobalOptions globals, CliContext context)
    {
        var file = ResolveFile(parse, globals, context);
        var environment = new System.Collections.Hashtable(StringComparer.Ordinal);
        foreach (var (key, value) in context.Environment)
        {
            environment[key] = value;
        }

        return OrasiConfiguration.Load(file, environment);
    }
}
