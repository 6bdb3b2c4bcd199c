using System.Globalization;
using System.Text.Json.Nodes;

namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>Parses and writes schemas and types in their JSON form (spec appendix C).</summary>
internal static class SchemaParser
{
    public static IcebergSchema ParseSchema(JsonNode? node, int defaultSchemaId = 0)
    {
        var obj = Json.Obj(node, "schema");
        var type = Json.ReqString(obj, "type", "schema");
        if (type != "struct")
        {
            throw new FormatException($"schema has type '{type}' but must be 'struct'");
        }

        var id = Json.OptInt(obj, "schema-id") ?? defaultSchemaId;
        var fields = ParseFields(obj, "schema");
        var identifiers = obj["identifier-field-ids"] is JsonArray ids ? ids.Select(i => Json.AsInt(i, "identifier-field-ids")).ToList() : null;
        var schema = new IcebergSchema(id, fields, identifiers);
        return schema;
    }

    public static IcebergType ParseType(JsonNode? node, string context)
    {
        if (node is JsonValue v && v.TryGetValue<string>(out var name))
        {
            return ParsePrimitive(name, context);
        }

        var obj = Json.Obj(node, context);
        var kind = Json.ReqString(obj, "type", context);
        switch (kind)
        {
            case "struct":
                return new StructType(ParseFields(obj, context));
            case "list":
                return new ListType(
                    Json.ReqInt(obj, "element-id", context),
                    ParseType(Json.Req(obj, "element", context), context + ".element"),
                    Json.ReqBool(obj, "element-required", context));
            case "map":
                return new MapType(
                    Json.ReqInt(obj, "key-id", context),
                    ParseType(Json.Req(obj, "key", context), context + ".key"),
                    Json.ReqInt(obj, "value-id", context),
                    ParseType(Json.Req(obj, "value", context), context + ".value"),
                    Json.ReqBool(obj, "value-required", context));
            default:
                throw new FormatException($"{context} has unknown nested type '{kind}'");
        }
    }

    private static IcebergType ParsePrimitive(string name, string context)
    {
        var t = name.Trim();
        if (PrimitiveType.Known.Contains(t))
        {
            return new PrimitiveType(t);
        }

        if (t.StartsWith("decimal(", StringComparison.Ordinal) && t.EndsWith(')'))
        {
            var parts = t[8..^1].Split(',');
            if (parts.Length == 2
                && int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var p)
                && int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var s)
                && p is > 0 and <= 38 && s <= p)
            {
                return new DecimalType(p, s);
            }
        }

        if (t.StartsWith("fixed[", StringComparison.Ordinal) && t.EndsWith(']')
            && int.TryParse(t[6..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var len) && len > 0)
        {
            return new FixedType(len);
        }

        if (t.StartsWith("geometry(", StringComparison.Ordinal) || t.StartsWith("geography(", StringComparison.Ordinal))
        {
            return new PrimitiveType(t);
        }

        throw new FormatException($"{context} has unknown type '{name}'");
    }

    private static List<NestedField> ParseFields(JsonObject obj, string context)
    {
        var array = Json.Req(obj, "fields", context) as JsonArray ?? throw new FormatException($"{context}.fields must be an array");
        var result = new List<NestedField>(array.Count);
        foreach (var item in array)
        {
            var f = Json.Obj(item, context + ".fields[]");
            var name = Json.ReqString(f, "name", context + ".fields[]");
            var fieldContext = $"{context}.{name}";
            result.Add(new NestedField(
                Json.ReqInt(f, "id", fieldContext),
                name,
                Json.ReqBool(f, "required", fieldContext),
                ParseType(Json.Req(f, "type", fieldContext), fieldContext))
            {
                Doc = Json.OptString(f, "doc"),
                InitialDefault = f["initial-default"]?.DeepClone(),
                WriteDefault = f["write-default"]?.DeepClone(),
            });
        }

        return result;
    }

    public static JsonObject WriteSchema(IcebergSchema schema)
    {
        var obj = new JsonObject
        {
            ["type"] = "struct",
            ["schema-id"] = schema.SchemaId,
        };
        if (schema.IdentifierFieldIds.Count > 0)
        {
            obj["identifier-field-ids"] = new JsonArray(schema.IdentifierFieldIds.Select(i => (JsonNode)i).ToArray());
        }

        obj["fields"] = WriteFields(schema.Fields);
        return obj;
    }

    public static JsonNode WriteType(IcebergType type) => type switch
    {
        StructType s => new JsonObject { ["type"] = "struct", ["fields"] = WriteFields(s.Fields) },
        ListType l => new JsonObject
        {
            ["type"] = "list", ["element-id"] = l.ElementId, ["element"] = WriteType(l.Element), ["element-required"] = l.ElementRequired,
        },
        MapType m => new JsonObject
        {
            ["type"] = "map", ["key-id"] = m.KeyId, ["key"] = WriteType(m.Key), ["value-id"] = m.ValueId,
            ["value"] = WriteType(m.Value), ["value-required"] = m.ValueRequired,
        },
        _ => JsonValue.Create(type.ToString())!,
    };

    private static JsonArray WriteFields(IEnumerable<NestedField> fields)
    {
        var array = new JsonArray();
        foreach (var f in fields)
        {
            var o = new JsonObject
            {
                ["id"] = f.Id,
                ["name"] = f.Name,
                ["required"] = f.Required,
                ["type"] = WriteType(f.Type),
            };
            if (f.Doc is not null) o["doc"] = f.Doc;
            if (f.InitialDefault is not null) o["initial-default"] = f.InitialDefault.DeepClone();
            if (f.WriteDefault is not null) o["write-default"] = f.WriteDefault.DeepClone();
            array.Add(o);
        }

        return array;
    }
}
