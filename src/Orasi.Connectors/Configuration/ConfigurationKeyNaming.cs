using System.Text;

namespace Orasi.Connectors.Configuration;

/// <summary>Key naming rules shared by the configuration sources, the binder and the report.</summary>
internal static class ConfigurationKeyNaming
{
    /// <summary>Section holding the keys common to every connector.</summary>
    public const string CommonSection = "connector";

    /// <summary>Section whose children are the per-connector sections.</summary>
    public const string ConnectorsSection = "connectors";

    /// <summary>Converts a PascalCase property name to snake_case (<c>TimeoutSeconds</c> → <c>timeout_seconds</c>).</summary>
    public static string ToSnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c))
            {
                bool prevLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                bool acronymEnd = i > 0 && char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (prevLowerOrDigit || acronymEnd)
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Turns a configuration path (<c>connectors:deltalake:batch_size</c>) into the dotted form users see.</summary>
    public static string ToDisplayKey(string path) => path.Replace(':', '.');

    /// <summary>The environment variable that sets a configuration path, or null when none does.</summary>
    public static string? ToEnvironmentVariable(string path)
    {
        string[] parts = path.Split(':');
        if (parts.Length == 2 && parts[0].Equals(CommonSection, StringComparison.OrdinalIgnoreCase))
        {
            return "CONNECTOR_" + parts[1].ToUpperInvariant();
        }

        if (parts.Length == 3 && parts[0].Equals(ConnectorsSection, StringComparison.OrdinalIgnoreCase))
        {
            return (parts[1] + "_" + parts[2]).ToUpperInvariant();
        }

        return null;
    }
}
