namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>The <c>format</c> of a <see cref="Metadata"/> action.</summary>
public sealed record DeltaFormat
{
    /// <summary>The default format: parquet without options.</summary>
    public static DeltaFormat Parquet { get; } = new() { Provider = "parquet" };

    /// <summary>Name of the file encoding, such as <c>parquet</c>.</summary>
    public required string Provider { get; init; }

    /// <summary>Options of the encoding (empty in practice).</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = EmptyMaps.StringToString;
}
