using Apache.Arrow;

namespace Orasi.Cli.Tables;

/// <summary>What <c>orasi describe</c> shows about a table, whatever its format.</summary>
internal sealed record TableDescription(
    string Format,
    string Location,
    string? Version,
    Schema Schema,
    IReadOnlyList<string> PartitionColumns,
    IReadOnlyList<KeyValuePair<string, string>> Protocol,
    IReadOnlyDictionary<string, string> Properties,
    long FileCount,
    long TotalBytes);
