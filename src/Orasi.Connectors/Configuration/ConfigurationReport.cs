using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace Orasi.Connectors.Configuration;

/// <summary>
/// The effective configuration: every key with its value (secrets replaced by <see cref="SecretRedactor.Mask"/>) and the
/// layer it came from. Backs <c>orasi config show</c>; <see cref="ToToml"/> renders it in the seed's file layout.
/// </summary>
public sealed class ConfigurationReport
{
    private ConfigurationReport(IReadOnlyList<ConfigurationEntry> entries) => Entries = entries;

    /// <summary>All keys that have a value, <c>[connector]</c> first, then each connector, in a stable order.</summary>
    public IReadOnlyList<ConfigurationEntry> Entries { get; }

    /// <summary>Builds the report from a configuration root such as <see cref="OrasiConfiguration.Load"/> returns.</summary>
    /// <param name="configuration">The layered configuration.</param>
    /// <returns>The report.</returns>
    public static ConfigurationReport Create(IConfigurationRoot configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var providers = configuration.Providers.Reverse().ToArray();
        var entries = new List<ConfigurationEntry>();
        foreach (var pair in configuration.AsEnumerable())
        {
            if (pair.Value is null)
            {
                continue;
            }

            var source = ConfigurationValueSource.Other;
            foreach (IConfigurationProvider provider in providers)
            {
                if (provider.TryGet(pair.Key, out _))
                {
                    source = Classify(provider);
                    break;
                }
            }

            bool secret = SecretRedactor.IsSecret(pair.Key);
            entries.Add(new ConfigurationEntry(
                ConfigurationKeyNaming.ToDisplayKey(pair.Key), secret ? SecretRedactor.Mask : SecretRedactor.RedactValue(pair.Key, pair.Value)!, source, secret));
        }

        entries.Sort(static (a, b) => CompareKeys(a.Key, b.Key));
        return new ConfigurationReport(entries);
    }

    /// <summary>Renders the report as TOML in the seed's layout (<c>[connector]</c>, then <c>[connectors.&lt;name&gt;]</c>,
    /// nested tables inline), secrets masked.</summary>
    /// <param name="includeSources">When true each line ends with a comment naming its source (<c># environment</c>).</param>
    /// <returns>TOML text that parses back to the same keys (with secrets masked).</returns>
    public string ToToml(bool includeSources = false) => TomlReportWriter.Write(Entries, includeSources);

    private static ConfigurationValueSource Classify(IConfigurationProvider provider) => provider switch
    {
        OrasiDefaultsConfigurationProvider => ConfigurationValueSource.Default,
        TomlConfigurationProvider => ConfigurationValueSource.File,
        OrasiEnvironmentConfigurationProvider or EnvironmentVariablesConfigurationProvider => ConfigurationValueSource.Environment,
        _ => ConfigurationValueSource.Other,
    };

    // connector.* first, then connectors.*, then anything else; within a table the common keys in the seed's order,
    // then other keys alphabetically, array indices numerically.
    internal static int CompareKeys(string a, string b)
    {
        string[] x = a.Split('.');
        string[] y = b.Split('.');
        for (int i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            int c = CompareSegment(x[i], y[i], i, i > 0 ? x[0] : null);
            if (c != 0)
            {
                return c;
            }
        }

        return x.Length.CompareTo(y.Length);
    }

    private static int CompareSegment(string a, string b, int depth, string? root)
    {
        if (string.Equals(a, b, StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }

        if (depth == 0)
        {
            int ra = RootRank(a), rb = RootRank(b);
            if (ra != rb)
            {
                return ra.CompareTo(rb);
            }
        }

        if (long.TryParse(a, out long na) && long.TryParse(b, out long nb))
        {
            return na.CompareTo(nb);
        }

        bool inTable = (depth == 1 && root == ConfigurationKeyNaming.CommonSection) || (depth == 2 && root == ConfigurationKeyNaming.ConnectorsSection);
        if (inTable)
        {
            int ia = IndexOfCommon(a), ib = IndexOfCommon(b);
            if (ia != ib)
            {
                return ia.CompareTo(ib);
            }
        }

        return string.Compare(a, b, StringComparison.OrdinalIgnoreCase);
    }

    private static int RootRank(string segment) => segment.ToLowerInvariant() switch
    {
        ConfigurationKeyNaming.CommonSection => 0,
        ConfigurationKeyNaming.ConnectorsSection => 1,
        _ => 2,
    };

    private static int IndexOfCommon(string key)
    {
        for (int i = 0; i < ConnectorOptions.CommonKeys.Count; i++)
        {
            if (ConnectorOptions.CommonKeys[i].Equals(key, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
