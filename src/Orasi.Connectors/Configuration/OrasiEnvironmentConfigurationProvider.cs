using System.Collections;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Orasi.Connectors.Configuration;

/// <summary>Loads the variables described on <see cref="OrasiEnvironmentConfigurationSource"/>.</summary>
public sealed class OrasiEnvironmentConfigurationProvider : ConfigurationProvider
{
    private const string CommonPrefix = "CONNECTOR_";
    private readonly OrasiEnvironmentConfigurationSource source;

    /// <summary>Creates the provider for <paramref name="source"/>.</summary>
    /// <param name="source">Which variables to read.</param>
    public OrasiEnvironmentConfigurationProvider(OrasiEnvironmentConfigurationSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        this.source = source;
    }

    /// <inheritdoc />
    /// <exception cref="ValidationFailedException">A JSON-valued variable (…_STORAGE_OPTIONS, …_PROPERTIES) is not a JSON object.</exception>
    public override void Load()
    {
        IDictionary variables = source.Environment ?? System.Environment.GetEnvironmentVariables();
        string[] connectorNames = KnownConnectors.Names
            .Concat(source.AdditionalConnectorNames.Select(n => n.ToLowerInvariant()))
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(n => n.Length)
            .ToArray();

        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in variables)
        {
            if (entry.Key is not string name || entry.Value?.ToString() is not { } value)
            {
                continue;
            }

            if (TryMap(name, connectorNames, out string? path))
            {
                if (IsJsonValued(path))
                {
                    ExpandJson(name, value, path, data);
                }
                else
                {
                    data[path] = value;
                }
            }
        }

        Data = data;
    }

    internal static bool TryMap(string variable, IReadOnlyList<string> connectorNamesLongestFirst, out string path)
    {
        path = string.Empty;
        if (variable.StartsWith(CommonPrefix, StringComparison.OrdinalIgnoreCase))
        {
            string key = variable[CommonPrefix.Length..].ToLowerInvariant();
            if (ConnectorOptions.CommonKeys.Contains(key, StringComparer.Ordinal))
            {
                path = ConfigurationKeyNaming.CommonSection + ConfigurationPath.KeyDelimiter + key;
                return true;
            }
        }

        foreach (string connector in connectorNamesLongestFirst)
        {
            if (variable.Length > connector.Length + 1
                && variable.StartsWith(connector, StringComparison.OrdinalIgnoreCase)
                && variable[connector.Length] == '_')
            {
                string key = variable[(connector.Length + 1)..].ToLowerInvariant();
                path = string.Join(ConfigurationPath.KeyDelimiter, ConfigurationKeyNaming.ConnectorsSection, connector, key);
                return true;
            }
        }

        return false;
    }

    private static bool IsJsonValued(string path) =>
        path.EndsWith("storage_options", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith("properties", StringComparison.OrdinalIgnoreCase);

    private static void ExpandJson(string variable, string value, string path, Dictionary<string, string?> data)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(value);
        }
        catch (JsonException ex)
        {
            // The value may hold credentials: report only where parsing stopped.
            throw new ValidationFailedException(
                $"Environment variable {variable} must hold a JSON object such as {{\"aws_region\":\"us-east-1\"}}, "
                + $"but it is not valid JSON (error near byte {ex.BytePositionInLine ?? 0}); fix its value.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ValidationFailedException(
                    $"Environment variable {variable} must hold a JSON object such as {{\"aws_region\":\"us-east-1\"}}, "
                    + $"but it holds a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}; fix its value.");
            }

            Flatten(document.RootElement, path, data);
        }
    }

    private static void Flatten(JsonElement element, string path, Dictionary<string, string?> data)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, path + ConfigurationPath.KeyDelimiter + property.Name, data);
                }

                break;
            case JsonValueKind.Array:
                int i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, path + ConfigurationPath.KeyDelimiter + i.ToString(CultureInfo.InvariantCulture), data);
                    i++;
                }

                break;
            case JsonValueKind.String:
                data[path] = element.GetString();
                break;
            case JsonValueKind.True:
                data[path] = "true";
                break;
            case JsonValueKind.False:
                data[path] = "false";
                break;
            case JsonValueKind.Null:
                break;
            default:
                data[path] = element.GetRawText();
                break;
        }
    }
}
