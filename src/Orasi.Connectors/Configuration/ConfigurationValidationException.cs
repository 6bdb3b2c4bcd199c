namespace Orasi.Connectors.Configuration;

/// <summary>Configuration values could not be bound or failed validation; <see cref="Errors"/> lists every problem by key.</summary>
public sealed class ConfigurationValidationException : ValidationFailedException
{
    /// <summary>Creates the error from the problems found (at least one).</summary>
    /// <param name="errors">The problems, each naming its full key.</param>
    public ConfigurationValidationException(IReadOnlyList<ConfigurationError> errors)
        : base(BuildMessage(errors))
    {
        Errors = errors;
    }

    /// <summary>Creates the error with a message and no itemised problems.</summary>
    /// <param name="message">What is wrong.</param>
    public ConfigurationValidationException(string message) : base(message) => Errors = [];

    /// <summary>Creates the error with a message, a cause and no itemised problems.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ConfigurationValidationException(string message, Exception? innerException) : base(message, innerException) => Errors = [];

    /// <summary>Creates the error with a generic message.</summary>
    public ConfigurationValidationException() : base("The configuration is invalid.") => Errors = [];

    /// <summary>Every problem found, each naming its full key.</summary>
    public IReadOnlyList<ConfigurationError> Errors { get; }

    private static string BuildMessage(IReadOnlyList<ConfigurationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            return "The configuration is invalid.";
        }

        string hint = "Fix the value in the configuration file or set the matching environment variable";
        string? variable = EnvironmentVariableFor(errors[0].Key);
        if (errors.Count == 1)
        {
            return $"Invalid configuration: {errors[0]}. {hint}{(variable is null ? "" : $" ({variable})")}.";
        }

        return $"Invalid configuration ({errors.Count} problems): {string.Join("; ", errors)}. {hint}s.";
    }

    private static string? EnvironmentVariableFor(string dottedKey) =>
        ConfigurationKeyNaming.ToEnvironmentVariable(dottedKey.Replace('.', ':'));
}
