using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>Reads and writes Delta's JSON schema format (the <c>schemaString</c> of a <see cref="Metadata"/> action).</summary>
public static partial class DeltaSchema
{
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    /// <summary>Parses a schema string into its top-level struct.</summary>
    /// <exception cref="CorruptDataException">The text is not valid JSON or not a valid Delta schema.</exception>
    /// <exception cref="UnsupportedFeatureException">The schema uses a type name this library does not know.</exception>
    public static StructType Parse(string schemaString)
    {
        ArgumentNullException.ThrowIfNull(schemaString);
        try
        {
            using var document = JsonDocument.Parse(schemaString);
            return ParseType(document.RootElement, "<root>") as StructType
                ?? throw new CorruptDataException("The table schema is not a struct type; the metaData schemaString must be a JSON object with \"type\":\"struct\".");
        }
        catch (JsonException ex)
        {
            throw new CorruptDataException($"The table schema is not valid JSON ({ex.Message}); the metaData schemaString is corrupt.", ex);
        }
    }

    /// <summary>Parses one type from its JSON form (a type-name string or an object).</summary>
    public static DeltaDataType ParseType(JsonElement element, string context = "<type>")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return ParsePrimitive(element.GetString()!, context);
            case JsonValueKind.Object:
                var type = RequiredString(element, "type", context);
                switch (type)
                {
                    case "struct":
                        if (!element.TryGetProperty("fields", out var fields) || fields.ValueKind != JsonValueKind.Array)
                        {
                            throw Corrupt(context, "a struct type needs a 'fields' array");
                        }

                        var list = new List<StructField>(fields.GetArrayLength());
                        foreach (var field in fields.EnumerateArray())
                        {
                            list.Add(ParseField(field, context));
                        }

                        try
                        {
                            return new StructType(list);
                        }
                        catch (ArgumentException ex)
                        {
                            throw new CorruptDataException($"The schema struct at '{context}' is invalid: {ex.Message}", ex);
                        }

                    case "array":
                        return new DeltaArrayType(
                            ParseType(Required(element, "elementType", context), context + ".element"),
                            OptionalBool(element, "containsNull", true));
                    case "map":
                        return new DeltaMapType(
                            ParseType(Required(element, "keyType", context), context + ".key"),
                            ParseType(Required(element, "valueType", context), context + ".value"),
                            OptionalBool(element, "valueContainsNull", true));
                    default:
                        return ParsePrimitive(type, context);
                }

            default:
                throw Corrupt(context, $"a type must be a string or an object, not {element.ValueKind}");
        }
    }

    /// <summary>Writes a struct as a compact schema string, in the field order Spark and the spec use.</summary>
    public static string ToJson(StructType schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteType(writer, schema);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Writes one type (a string for primitives, an object otherwise).</summary>
    public static void WriteType(Utf8JsonWriter writer, DeltaDataType type)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (type)
        {
            case StructType s:
                writer.WriteStartObject();
                writer.WriteString("type", "struct");
                writer.WriteStartArray("fields");
                foreach (var field in s.Fields)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", field.Name);
                    writer.WritePropertyName("type");
                    WriteType(writer, field.Type);
                    writer.WriteBoolean("nullable", field.Nullable);
                    writer.WriteStartObject("metadata");
                    foreach (var (key, value) in field.Metadata)
                    {
                        writer.WritePropertyName(key);
                        value.WriteTo(writer);
                    }

                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            case DeltaArrayType a:
                writer.WriteStartObject();
                writer.WriteString("type", "array");
                writer.WritePropertyName("elementType");
                WriteType(writer, a.ElementType);
                writer.WriteBoolean("containsNull", a.ContainsNull);
                writer.WriteEndObject();
                break;
            case DeltaMapType m:
                writer.WriteStartObject();
                writer.WriteString("type", "map");
                writer.WritePropertyName("keyType");
                WriteType(writer, m.KeyType);
                writer.WritePropertyName("valueType");
                WriteType(writer, m.ValueType);
                writer.WriteBoolean("valueContainsNull", m.ValueContainsNull);
                writer.WriteEndObject();
                break;
            default:
                writer.WriteStringValue(type.TypeName);
                break;
        }
    }

    private static StructField ParseField(JsonElement element, string context)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Corrupt(context, "each struct field must be a JSON object");
        }

        var name = RequiredString(element, "name", context);
        var fieldContext = context == "<root>" ? name : context + "." + name;
        var type = ParseType(Required(element, "type", fieldContext), fieldContext);
        var nullable = OptionalBool(element, "nullable", true);
        Dictionary<string, JsonElement>? metadata = null;
        if (element.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object)
        {
            metadata = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in meta.EnumerateObject())
            {
                metadata[property.Name] = property.Value.Clone();
            }
        }

        return new StructField(name, type, nullable, metadata);
    }

    private static DeltaDataType ParsePrimitive(string name, string context)
    {
        if (DeltaPrimitiveType.ByName.TryGetValue(name, out var primitive))
        {
            return primitive;
        }

        if (name == "decimal")
        {
            return new DeltaDecimalType(10, 0);
        }

        var match = DecimalPattern().Match(name);
        if (match.Success)
        {
            var precision = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var scale = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            if (precision is < 1 or > DeltaDecimalType.MaxPrecision || scale > precision)
            {
                throw Corrupt(context, $"the decimal type '{name}' needs 1 <= precision <= 38 and 0 <= scale <= precision");
            }

            return new DeltaDecimalType(precision, scale);
        }

        throw new UnsupportedFeatureException($"The schema column '{context}' has the type '{name}', which this library does not support.");
    }

    private static JsonElement Required(JsonElement element, string property, string context) =>
        element.TryGetProperty(property, out var value) ? value : throw Corrupt(context, $"the property '{property}' is missing");

    private static string RequiredString(JsonElement element, string property, string context)
    {
        var value = Required(element, property, context);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Corrupt(context, $"the property '{property}' must be a string");
    }

    private static bool OptionalBool(JsonElement element, string property, bool defaultValue) =>
        element.TryGetProperty(property, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : defaultValue;

    private static CorruptDataException Corrupt(string context, string problem) =>
        new($"The table schema is invalid at '{context}': {problem}; the metaData schemaString is corrupt.");

    [GeneratedRegex(@"^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$")]
    private static partial Regex DecimalPattern();
}
