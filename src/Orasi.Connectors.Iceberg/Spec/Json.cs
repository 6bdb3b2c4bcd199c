using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>Strict accessors over JSON nodes; failures throw <see cref="FormatException"/> naming the key.</summary>
internal static class Json
{
    public static JsonObject Obj(JsonNode? node, string context) =>
        node as JsonObject ?? throw new FormatException($"{context} must be a JSON object");

    public static JsonNode Req(JsonObject obj, string key, string context) =>
        obj[key] ?? throw new FormatException($"{context} is missing required field '{key}'");

    public static string ReqString(JsonObject obj, string key, string context) => AsString(Req(obj, key, context), $"{context}.{key}");

    public static int ReqInt(JsonObject obj, string key, string context) => AsInt(Req(obj, key, context), $"{context}.{key}");

    public static long ReqLong(JsonObject obj, string key, string context) => AsLong(Req(obj, key, context), $"{context}.{key}");

    public static bool ReqBool(JsonObject obj, string key, string context)
    {
        var node = Req(obj, key, context);
        if (node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return v.GetValue<bool>();
        }

        throw new FormatException($"{context}.{key} must be a boolean");
    }

    public static string? OptString(JsonObject obj, string key) => obj[key] is { } n ? AsString(n, key) : null;

    public static int? OptInt(JsonObject obj, string key) => obj[key] is { } n ? AsInt(n, key) : null;

    public static long? OptLong(JsonObject obj, string key) => obj[key] is { } n ? AsLong(n, key) : null;

    public static string AsString(JsonNode node, string context) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw new FormatException($"{context} must be a string");

    public static int AsInt(JsonNode? node, string context)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i))
        {
            return i;
        }

        if (node is JsonValue jv && jv.GetValueKind() == JsonValueKind.Number)
        {
            var d = jv.GetValue<JsonElement>();
            if (d.TryGetInt32(out var i2)) return i2;
        }

        throw new FormatException($"{context} must be a 32-bit integer");
    }

    public static long AsLong(JsonNode? node, string context)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            if (v.TryGetValue<long>(out var l)) return l;
            if (v.TryGetValue<JsonElement>(out var e) && e.TryGetInt64(out var l2)) return l2;
        }

        throw new FormatException($"{context} must be a 64-bit integer");
    }

    public static Dictionary<string, string> StringMap(JsonNode? node, string context)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is null)
        {
            return result;
        }

        foreach (var (k, v) in Obj(node, context))
        {
            result[k] = v is JsonValue jv && jv.GetValueKind() == JsonValueKind.String
                ? jv.GetValue<string>()
                : v?.ToJsonString() ?? throw new FormatException($"{context}.{k} must not be null");
        }

        return result;
    }
}
