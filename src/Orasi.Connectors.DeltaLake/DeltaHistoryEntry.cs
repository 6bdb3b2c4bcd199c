using Orasi.Connectors.DeltaLake.Protocol;

namespace Orasi.Connectors.DeltaLake;

/// <summary>One commit in a Delta table's history.</summary>
/// <param name="Version">The table version the commit created.</param>
/// <param name="Timestamp">The in-commit timestamp when present, else the commitInfo timestamp, else the commit file's modification time.</param>
/// <param name="Operation">The operation (e.g. <c>WRITE</c>, <c>MERGE</c>), or null when the commit has no commitInfo.</param>
/// <param name="OperationParameters">The operation's parameters (non-string values as raw JSON text); empty when unknown.</param>
/// <param name="CommitInfo">The whole commitInfo action, including unknown fields, or null when the commit has none.</param>
public sealed record DeltaHistoryEntry(
    long Version,
    DateTimeOffset Timestamp,
    string? Operation,
    IReadOnlyDictionary<string, string> OperationParameters,
    CommitInfo? CommitInfo);
