using System.Text.Json;

namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>
/// The <c>commitInfo</c> action: free-form provenance of a commit. Well-known fields are typed; every other field is
/// kept as raw JSON in <see cref="AdditionalFields"/> and written back unchanged.
/// </summary>
public sealed record CommitInfo : DeltaAction
{
    /// <inheritdoc />
    public override string ActionName => "commitInfo";

    /// <summary>When the commit was made, in milliseconds since the Unix epoch.</summary>
    public long? Timestamp { get; init; }

    /// <summary>The in-commit timestamp (In-Commit Timestamps feature), in milliseconds since the Unix epoch.</summary>
    public long? InCommitTimestamp { get; init; }

    /// <summary>The operation, such as <c>WRITE</c> or <c>MERGE</c>.</summary>
    public string? Operation { get; init; }

    /// <summary>Operation parameters; non-string JSON values are kept as their raw JSON text.</summary>
    public IReadOnlyDictionary<string, string>? OperationParameters { get; init; }

    /// <summary>The engine that wrote the commit.</summary>
    public string? EngineInfo { get; init; }

    /// <summary>Whether the commit only appended data without reading the table.</summary>
    public bool? IsBlindAppend { get; init; }

    /// <summary>The unique transaction id (required for catalog-managed tables).</summary>
    public string? TxnId { get; init; }

    /// <summary>Every other field of the action, as raw JSON values, in the order read.</summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalFields { get; init; } = new Dictionary<string, JsonElement>();
}
