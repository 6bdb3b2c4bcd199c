namespace Orasi.Connectors.Configuration;

/// <summary>
/// Options with rules beyond per-property attributes (cross-field checks). <see cref="OptionsBinder"/> calls
/// <see cref="Validate"/> after binding and attribute validation succeed.
/// </summary>
public interface IValidatableConnectorOptions
{
    /// <summary>
    /// Returns the problems found. <see cref="ConfigurationError.Key"/> is the local snake_case key (<c>table_path</c>);
    /// the binder expands it to the full key (<c>connectors.deltalake.table_path</c>).
    /// </summary>
    IEnumerable<ConfigurationError> Validate();
}
