namespace Orasi.Connectors;

/// <summary>
/// Base of every error a connector raises. The message names what failed (table, file, key, endpoint)
/// and says what to do about it; <see cref="IsRetryable"/> tells a caller whether trying again can help.
/// </summary>
public class ConnectorException : Exception
{
    /// <summary>Creates an error with a message.</summary>
    public ConnectorException(string message) : base(message) { }

    /// <summary>Creates an error with a message and the exception that caused it.</summary>
    public ConnectorException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates an error with no message; prefer the overloads that explain what went wrong.</summary>
    public ConnectorException() : base("A connector operation failed.") { }

    /// <summary>
    /// True when the same operation may succeed if tried again unchanged (a dropped connection, a lost commit race,
    /// throttling). False when the input, configuration or data must change first.
    /// </summary>
    public virtual bool IsRetryable => false;

    /// <summary>True when the cause is expected to pass by itself (network, throttling, a busy service).</summary>
    public virtual bool IsTransient => IsRetryable;
}
