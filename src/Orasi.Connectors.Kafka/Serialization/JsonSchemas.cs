using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.Telemetry;

namespace Orasi.Connectors.Kafka.Serialization;

/// <summary>JSON Schemas (draft-07) registered for JSON-encoded values: OTLP export requests for telemetry, an object per row otherwise.</summary>
internal static class JsonSchemas
{
    public static string For(Schema schema, TelemetryKind? kind, bool perBatch)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("$schema", "http://json-schema.org/draft-07/schema#");
            w.WriteString("title", ArrowAvroSchema.RecordFullName(schema));
            if (kind is { } k)
            {
                string root = k switch
                {
                    TelemetryKind.Traces => "resourceSpans",
                    TelemetryKind.Logs => "resourceLogs",
                    _ => "resourceMetrics",
                };
                w.WriteString("type", "object");
                w.WriteStartObject("properties");
                w.WriteStartObject(root);
                w.WriteString("type", "array");
                w.WriteEndObject();
                w.WriteEndObject();
            }
            else if (perBatch)
            {
                w.WriteString("type", "array");
                w.WriteStartObject("items");
                Row(w, schema);
                w.WriteEndObject();
            }
            else
            {
                Row(w, schema);
            }

            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Row(Utf8JsonWriter w, Schema schema)
    {
        w.WriteString("type", "object");
        w.WriteStartObject("properties");
        foreach (Field field in schema.FieldsList)
        {
            w.WriteStartObject(field.Name);
            string type = field.DataType switch
            {
                BooleanType => "boolean",
                Int8Type or Int16Type or Int32Type or Int64Type or UInt8Type or UInt16Type or UInt32Type or UInt64Type or Date32Type => "integer",
                FloatType or DoubleType => "number",
                ListType => "array",
                MapType or StructType => "object",
                _ => "string",
            };
            if (field.IsNullable)
            {
                w.WriteStartArray("type");
                w.WriteStringValue(type);
                w.WriteStringValue("null");
                w.WriteEndArray();
            }
            else
            {
                w.WriteString("type", type);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteStartArray("required");
        foreach (Field field in schema.FieldsList.Where(f => !f.IsNullable))
        {
            w.WriteStringValue(field.Name);
        }

        w.WriteEndArray();
    }
}
