namespace Orasi.Connectors;

/// <summary>No table exists at the given location or name.</summary>
public class TableNotFoundException : ConnectorException
{
    /// <summary>Creates the error with a message naming what failed and what to do.</summary>
    public TableNotFoundException(string message) : base(message) { }

    /// <summary>Creates the error with a message and the exception that caused it.</summary>
    public TableNotFoundException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the error with a generic message; prefer the overloads that explain what went wrong.</summary>
    public TableNotFoundException() : base("The table was not found.") { }

    /// <inheritdoc />
    public override bool IsRetryable => false;
}
