namespace Orasi.Connectors;

/// <summary>The data or table uses a feature (protocol feature, type, codec) this library does not support; the message names it.</summary>
public class UnsupportedFeatureException : ConnectorException
{
    /// <summary>Creates the error with a message naming what failed and what to do.</summary>
    public UnsupportedFeatureException(string message) : base(message) { }

    /// <summary>Creates the error with a message and the exception that caused it.</summary>
    public UnsupportedFeatureException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the error with a generic message; prefer the overloads that explain what went wrong.</summary>
    public UnsupportedFeatureException() : base("The feature is not supported.") { }

    /// <inheritdoc />
    public override bool IsRetryable => false;
}
