namespace Orasi.Connectors.Storage;

/// <summary>No object exists at the requested path.</summary>
public sealed class ObjectNotFoundException : ConnectorException
{
    /// <summary>Creates the error for a path in a store.</summary>
    public ObjectNotFoundException(string message) : base(message) { }

    /// <summary>Creates the error with the exception that caused it.</summary>
    public ObjectNotFoundException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the error with a generic message.</summary>
    public ObjectNotFoundException() : base("The object was not found.") { }
}
