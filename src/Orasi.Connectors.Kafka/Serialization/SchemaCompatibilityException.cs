namespace Orasi.Connectors.Kafka.Serialization;

/// <summary>The schema registry refused a schema because it is incompatible with the subject's earlier versions.</summary>
public sealed class SchemaCompatibilityException : ValidationFailedException
{
    /// <summary>Creates the exception.</summary>
    public SchemaCompatibilityException() : base("The schema registry refused an incompatible schema.") { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public SchemaCompatibilityException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The registry's error.</param>
    public SchemaCompatibilityException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the exception for a subject.</summary>
    /// <param name="subject">The subject.</param>
    /// <param name="registryMessage">What the registry said.</param>
    /// <param name="innerException">The registry's error.</param>
    public SchemaCompatibilityException(string subject, string registryMessage, Exception? innerException)
        : base($"The schema registry refused the new schema for subject '{subject}' as incompatible with its earlier versions ({registryMessage}); make the change compatible (add fields with defaults) or change the subject's compatibility level.", innerException)
    {
        Subject = subject;
    }

    /// <summary>The subject whose compatibility rule was violated.</summary>
    public string? Subject { get; }
}
