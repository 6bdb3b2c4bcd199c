using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Orasi.Connectors.Configuration;

/// <summary>Re-binds a fresh instance to collect every binding and validation problem by full key.</summary>
internal sealed class ConnectorOptionsValidator<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
    IConfiguration configuration, string connectorName) : IValidateOptions<TOptions>
    where TOptions : class, new()
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var errors = OptionsBinder.BindInto(new TOptions(), configuration, connectorName);
        if (errors.Count == 0 && options is IValidatableConnectorOptions validatable)
        {
            // Post-configure steps may have changed the instance: re-run the cross-field rules on it.
            errors = validatable.Validate().Select(e => e with { Key = $"connectors.{connectorName}.{e.Key}" }).ToList();
        }

        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Select(e => e.ToString()));
    }
}
