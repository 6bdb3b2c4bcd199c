namespace Orasi.Connectors;

/// <summary>A connection to a service or store could not be made or was lost. Usually transient.</summary>
public class ConnectionFailedException : ConnectorException
{
    /// <summary>Creates the error with a message naming what failed and what to do.</summary>
    public ConnectionFailedException(string message) : base(message) { }

    /// <summary>Creates the error with a message and the exception that caused it.</summary>
    public ConnectionFailedException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the error with a generic message; prefer the overloads that explain what went wrong.</summary>
    public ConnectionFailedException() : base("A connection could not be made.") { }

    /// <inheritdoc />
    public override bool IsRetryable => true;
}
