using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orasi.Connectors.Configuration;

/// <summary>Registers connector options with Microsoft.Extensions.Options, bound by <see cref="OptionsBinder"/>.</summary>
public static class ConnectorOptionsServiceCollectionExtensions
{
    /// <summary>
    /// Makes <c>IOptions&lt;TOptions&gt;</c> (and the monitor/snapshot forms) bind <c>connectors:&lt;connectorName&gt;</c>
    /// with the common-key fallback, and validate through <see cref="IValidateOptions{TOptions}"/>: reading
    /// <c>.Value</c> of invalid options throws <see cref="OptionsValidationException"/> whose failures name each full key.
    /// </summary>
    /// <typeparam name="TOptions">The options class.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <param name="connectorName">The connector, e.g. <c>deltalake</c>.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddOrasiConnectorOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        this IServiceCollection services, IConfiguration configuration, string connectorName)
        where TOptions : class, new()
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectorName);

        services.AddOptions();
        services.AddSingleton<IConfigureOptions<TOptions>>(new ConnectorOptionsSetup<TOptions>(configuration, connectorName));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(
            new ConnectorOptionsValidator<TOptions>(configuration, connectorName)));
        return services;
    }
}
