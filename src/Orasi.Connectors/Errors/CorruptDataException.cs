namespace Orasi.Connectors;

/// <summary>Stored data (a file, a log entry, metadata) could not be parsed or broke the format's rules; the message names the object.</summary>
public class CorruptDataException : ConnectorException
{
    /// <summary>Creates the error with a message naming what failed and what to do.</summary>
    public CorruptDataException(string message) : base(message) { }

    /// <summary>Creates the error with a message and the exception that caused it.</summary>
    public CorruptDataException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the error with a generic message; prefer the overloads that explain what went wrong.</summary>
    public CorruptDataException() : base("Stored data is corrupt.") { }

    /// <inheritdoc />
    public override bool IsRetryable => false;
}
