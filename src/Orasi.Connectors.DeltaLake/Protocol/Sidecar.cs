namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>The <c>sidecar</c> action of a V2 spec checkpoint: a Parquet file in <c>_delta_log/_sidecars</c> holding file actions.</summary>
public sealed record Sidecar : DeltaAction
{
    /// <inheritdoc />
    public override string ActionName => "sidecar";

    /// <summary>URI-encoded path of the sidecar, usually just its file name inside <c>_delta_log/_sidecars</c>.</summary>
    public required string Path { get; init; }

    /// <summary>Size of the sidecar in bytes.</summary>
    public long SizeInBytes { get; init; }

    /// <summary>When the sidecar was created, in milliseconds since the Unix epoch.</summary>
    public long ModificationTime { get; init; }

    /// <summary>Optional tags.</summary>
    public IReadOnlyDictionary<string, string?>? Tags { get; init; }
}
