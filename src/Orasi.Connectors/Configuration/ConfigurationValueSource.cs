namespace Orasi.Connectors.Configuration;

/// <summary>Which layer supplied a configuration value.</summary>
public enum ConfigurationValueSource
{
    /// <summary>A built-in default.</summary>
    Default,

    /// <summary>The TOML configuration file.</summary>
    File,

    /// <summary>An environment variable.</summary>
    Environment,

    /// <summary>Some other configuration source added by the caller.</summary>
    Other,
}
