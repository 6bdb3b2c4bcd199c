namespace Orasi.Cli.Tables;

/// <summary>One commit / snapshot / instant of a table's history, as <c>orasi history</c> prints it.</summary>
internal sealed record TableHistoryEntry(
    string Version,
    DateTimeOffset Timestamp,
    string? Operation,
    IReadOnlyDictionary<string, string> Parameters,
    string? Details);
