namespace Orasi.Connectors;

/// <summary>A concurrent writer committed first and the operations do not commute (or retries ran out). Re-read the table and try the operation again.</summary>
public class CommitConflictException : ConnectorException
{
    /// <summary>Creates the error with a message naming what failed and what to do.</summary>
    public CommitConflictException(string message) : base(message) { }

    /// <summary>Creates the error with a message and the exception that caused it.</summary>
    public CommitConflictException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the error with a generic message; prefer the overloads that explain what went wrong.</summary>
    public CommitConflictException() : base("A concurrent commit conflicted with this one.") { }

    /// <inheritdoc />
    public override bool IsRetryable => true;
}
