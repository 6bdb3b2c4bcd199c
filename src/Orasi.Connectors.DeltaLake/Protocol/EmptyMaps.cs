namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>Shared empty read-only maps for default values.</summary>
internal static class EmptyMaps
{
    public static readonly IReadOnlyDictionary<string, string?> StringToNullableString = new Dictionary<string, string?>();
    public static readonly IReadOnlyDictionary<string, string> StringToString = new Dictionary<string, string>();
}
