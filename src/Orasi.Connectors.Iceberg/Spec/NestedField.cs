using System.Text.Json.Nodes;

namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>A named struct field with its id (unique in the table schema).</summary>
/// <param name="Id">The field id.</param>
/// <param name="Name">The field name.</param>
/// <param name="Required">Whether values may not be null.</param>
/// <param name="Type">The field's type.</param>
public sealed record NestedField(int Id, string Name, bool Required, IcebergType Type)
{
    /// <summary>The field's doc string, if any.</summary>
    public string? Doc { get; init; }

    /// <summary>The v3 <c>initial-default</c> (JSON single-value form) for rows written before the field existed.</summary>
    public JsonNode? InitialDefault { get; init; }

    /// <summary>The v3 <c>write-default</c> (JSON single-value form) used by writers when no value is supplied.</summary>
    public JsonNode? WriteDefault { get; init; }
}
