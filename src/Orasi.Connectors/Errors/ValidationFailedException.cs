namespace Orasi.Connectors;

/// <summary>Input, configuration or schema was invalid: the message names the key, column or value and the reason.</summary>
public class ValidationFailedException : ConnectorException
{
    /// <summary>Creates the error with a message naming what failed and what to do.</summary>
    public ValidationFailedException(string message) : base(message) { }

    /// <summary>Creates the error with a message and the exception that caused it.</summary>
    public ValidationFailedException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the error with a generic message; prefer the overloads that explain what went wrong.</summary>
    public ValidationFailedException() : base("Validation failed.") { }

    /// <inheritdoc />
    public override bool IsRetryable => false;
}
