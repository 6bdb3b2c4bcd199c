namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>The <c>checkpointMetadata</c> action of a V2 spec checkpoint.</summary>
public sealed record CheckpointMetadata : DeltaAction
{
    /// <inheritdoc />
    public override string ActionName => "checkpointMetadata";

    /// <summary>The table version the checkpoint represents.</summary>
    public required long Version { get; init; }

    /// <summary>Optional tags such as <c>numOfAddFiles</c>.</summary>
    public IReadOnlyDictionary<string, string?>? Tags { get; init; }
}
