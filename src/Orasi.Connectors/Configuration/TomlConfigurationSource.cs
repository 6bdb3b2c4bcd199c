using Microsoft.Extensions.Configuration;

namespace Orasi.Connectors.Configuration;

/// <summary>A configuration source reading a TOML file (the seed's <c>[connector]</c> / <c>[connectors.&lt;name&gt;]</c> layout).</summary>
public sealed class TomlConfigurationSource : IConfigurationSource
{
    /// <summary>Path of the TOML file.</summary>
    public required string Path { get; init; }

    /// <summary>When true a missing file yields no keys instead of an error.</summary>
    public bool Optional { get; init; }

    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new TomlConfigurationProvider(this);
}
