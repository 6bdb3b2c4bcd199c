namespace Orasi.Connectors;

/// <summary>Credentials were missing, wrong or lacked permission. Retrying without new credentials does not help.</summary>
public class AuthenticationFailedException : ConnectorException
{
    /// <summary>Creates the error with a message naming what failed and what to do.</summary>
    public AuthenticationFailedException(string message) : base(message) { }

    /// <summary>Creates the error with a message and the exception that caused it.</summary>
    public AuthenticationFailedException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the error with a generic message; prefer the overloads that explain what went wrong.</summary>
    public AuthenticationFailedException() : base("Authentication failed.") { }

    /// <inheritdoc />
    public override bool IsRetryable => false;
}
