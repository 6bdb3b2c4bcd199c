using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Orasi.Connectors.Configuration;

/// <summary>Fills options from configuration; problems are reported by <see cref="ConnectorOptionsValidator{TOptions}"/>.</summary>
internal sealed class ConnectorOptionsSetup<TOptions>(IConfiguration configuration, string connectorName) : IConfigureOptions<TOptions>
    where TOptions : class
{
    public void Configure(TOptions options) => OptionsBinder.BindInto(options, configuration, connectorName);
}
