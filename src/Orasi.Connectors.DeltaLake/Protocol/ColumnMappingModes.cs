namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>Parsing of <see cref="ColumnMappingMode"/> values.</summary>
internal static class ColumnMappingModes
{
    public static ColumnMappingMode Parse(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        null or "" or "NONE" => ColumnMappingMode.None,
        "ID" => ColumnMappingMode.Id,
        "NAME" => ColumnMappingMode.Name,
        _ => throw new UnsupportedFeatureException($"The table property delta.columnMapping.mode has the unknown value '{value}'; only none, id and name are supported."),
    };

    public static string ToName(ColumnMappingMode mode) => mode switch
    {
        ColumnMappingMode.Id => "id",
        ColumnMappingMode.Name => "name",
        _ => "none",
    };
}
