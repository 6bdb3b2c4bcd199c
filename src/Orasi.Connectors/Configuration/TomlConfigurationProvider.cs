using Microsoft.Extensions.Configuration;

namespace Orasi.Connectors.Configuration;

/// <summary>
/// Loads a TOML file into configuration keys: <c>connectors:deltalake:table_path</c>, <c>connector:timeout_seconds</c>,
/// nested tables as <c>:</c> paths (<c>storage_options:aws_region</c>) and arrays as indices (<c>brokers:0</c>).
/// </summary>
public sealed class TomlConfigurationProvider : ConfigurationProvider
{
    private readonly TomlConfigurationSource source;

    /// <summary>Creates the provider for <paramref name="source"/>.</summary>
    /// <param name="source">The file to read.</param>
    public TomlConfigurationProvider(TomlConfigurationSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        this.source = source;
    }

    /// <summary>The file this provider reads.</summary>
    public string Path => source.Path;

    /// <inheritdoc />
    /// <exception cref="ValidationFailedException">The file is missing (and not optional), unreadable, or not valid TOML.</exception>
    public override void Load()
    {
        if (!File.Exists(source.Path))
        {
            if (source.Optional)
            {
                Data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
                return;
            }

            throw new ValidationFailedException(
                $"Configuration file '{source.Path}' does not exist; check the path or pass --config with an existing file.");
        }

        string text;
        try
        {
            text = File.ReadAllText(source.Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ValidationFailedException(
                $"Configuration file '{source.Path}' could not be read ({ex.GetType().Name}); check that it is readable.", ex);
        }

        Data = TomlConfigurationParser.Parse(text, source.Path);
    }
}
