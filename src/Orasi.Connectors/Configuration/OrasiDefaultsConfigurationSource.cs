using Microsoft.Extensions.Configuration;

namespace Orasi.Connectors.Configuration;

/// <summary>The lowest configuration layer: the built-in defaults of the common <c>[connector]</c> keys.</summary>
public sealed class OrasiDefaultsConfigurationSource : IConfigurationSource
{
    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new OrasiDefaultsConfigurationProvider();
}
