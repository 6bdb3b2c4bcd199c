namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>The <c>txn</c> action: the latest application-specific version recorded by an application (idempotent writes).</summary>
public sealed record SetTransaction : DeltaAction
{
    /// <inheritdoc />
    public override string ActionName => "txn";

    /// <summary>Unique identifier of the application.</summary>
    public required string AppId { get; init; }

    /// <summary>The application-specific version.</summary>
    public required long Version { get; init; }

    /// <summary>When the action was created, in milliseconds since the Unix epoch, or null.</summary>
    public long? LastUpdated { get; init; }
}
