using System.Text.Json.Nodes;
using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Scan;

/// <summary>The table property <c>schema.name-mapping.default</c>: field ids for data files written without ids (top level).</summary>
internal sealed class NameMapping
{
    public const string PropertyKey = "schema.name-mapping.default";

    private readonly Dictionary<string, int> _topLevel = new(StringComparer.Ordinal);

    public static NameMapping? FromProperties(IReadOnlyDictionary<string, string> properties)
    {
        if (!properties.TryGetValue(PropertyKey, out var json))
        {
            return null;
        }

        try
        {
            var mapping = new NameMapping();
            foreach (var node in JsonNode.Parse(json) as JsonArray ?? throw new FormatException("the mapping must be a JSON array"))
            {
                var obj = Json.Obj(node, "name mapping entry");
                if (Json.OptInt(obj, "field-id") is not { } id || obj["names"] is not JsonArray names)
                {
                    continue;
                }

                foreach (var n in names)
                {
                    mapping._topLevel[Json.AsString(n!, "names[]")] = id;
                }
            }

            return mapping;
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException)
        {
            throw new CorruptDataException($"Table property '{PropertyKey}' is not a valid name mapping ({ex.Message}); fix the property.", ex);
        }
    }

    public int? FieldId(string name) => _topLevel.TryGetValue(name, out var id) ? id : null;
}
