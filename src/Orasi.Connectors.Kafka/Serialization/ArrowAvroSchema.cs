using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.Telemetry;

namespace Orasi.Connectors.Kafka.Serialization;

/// <summary>
/// Maps an Arrow schema to an Avro record schema: nullable fields become <c>["null", T]</c> unions, integers up to
/// 32 bits <c>int</c>, 64-bit <c>long</c>, fixed-size binary <c>fixed</c>, timestamps <c>long</c> with
/// <c>timestamp-nanos</c>/<c>-micros</c>/<c>-millis</c>, dates <c>int</c>/<c>date</c>, lists <c>array</c>,
/// string-keyed maps <c>map</c>, structs nested records. Telemetry schemas get the names
/// <c>orasi.telemetry.Span</c>, <c>orasi.telemetry.LogRecord</c> and <c>orasi.telemetry.MetricDataPoint</c>.
/// </summary>
public static class ArrowAvroSchema
{
    /// <summary>The Avro namespace of generated records.</summary>
    public const string Namespace = "orasi.telemetry";

    /// <summary>The record's full name for <paramref name="schema"/>.</summary>
    /// <param name="schema">An Arrow schema.</param>
    public static string RecordFullName(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        string? kind = null;
        schema.Metadata?.TryGetValue(TelemetrySchemas.KindMetadataKey, out kind);
        return Namespace + "." + (kind?.ToLowerInvariant() switch
        {
            "traces" => "Span",
            "logs" => "LogRecord",
            "metrics" => "MetricDataPoint",
            _ => "Row",
        });
    }

    /// <summary>The Avro schema (JSON text) of one row of <paramref name="schema"/>; with <paramref name="asArray"/> an array of rows (one record per batch).</summary>
    /// <param name="schema">The Arrow schema.</param>
    /// <param name="asArray">True for per-batch records.</param>
    /// <exception cref="UnsupportedFeatureException">A column has a type or name Avro cannot express.</exception>
    public static string ToAvroJson(Schema schema, bool asArray = false)
    {
        ArgumentNullException.ThrowIfNull(schema);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            if (asArray)
            {
                w.WriteStartObject();
                w.WriteString("type", "array");
                w.WritePropertyName("items");
            }

            string full = RecordFullName(schema);
            Record(w, full[(full.LastIndexOf('.') + 1)..], Namespace, schema.FieldsList, full);
            if (asArray)
            {
                w.WriteEndObject();
            }
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Record(Utf8JsonWriter w, string name, string? ns, IReadOnlyList<Field> fields, string path)
    {
        w.WriteStartObject();
        w.WriteString("type", "record");
        w.WriteString("name", name);
        if (ns is not null)
        {
            w.WriteString("namespace", ns);
        }

        w.WriteStartArray("fields");
        foreach (Field field in fields)
        {
            CheckName(field.Name, path);
            w.WriteStartObject();
            w.WriteString("name", field.Name);
            w.WritePropertyName("type");
            Type(w, field, path + "." + field.Name);
            if (field.IsNullable)
            {
                w.WriteNull("default");
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Type(Utf8JsonWriter w, Field field, string path)
    {
        if (field.IsNullable)
        {
            w.WriteStartArray();
            w.WriteStringValue("null");
            NonNull(w, field.DataType, path);
            w.WriteEndArray();
        }
        else
        {
            NonNull(w, field.DataType, path);
        }
    }

    private static void NonNull(Utf8JsonWriter w, IArrowType type, string path)
    {
        switch (type)
        {
            case BooleanType:
                w.WriteStringValue("boolean");
                break;
            case Int8Type or Int16Type or Int32Type or UInt8Type or UInt16Type:
                w.WriteStringValue("int");
                break;
            case Int64Type or UInt32Type or UInt64Type:
                w.WriteStringValue("long");
                break;
            case FloatType:
                w.WriteStringValue("float");
                break;
            case DoubleType:
                w.WriteStringValue("double");
                break;
            case StringType or LargeStringType:
                w.WriteStringValue("string");
                break;
            case BinaryType or LargeBinaryType:
                w.WriteStringValue("bytes");
                break;
            case FixedSizeBinaryType fixedType:
                w.WriteStartObject();
                w.WriteString("type", "fixed");
                w.WriteString("name", Sanitize(path));
                w.WriteNumber("size", fixedType.ByteWidth);
                w.WriteEndObject();
                break;
            case Date32Type:
                w.WriteStartObject();
                w.WriteString("type", "int");
                w.WriteString("logicalType", "date");
                w.WriteEndObject();
                break;
            case TimestampType ts:
                w.WriteStartObject();
                w.WriteString("type", "long");
                string? logical = ts.Unit switch
                {
                    TimeUnit.Nanosecond => "timestamp-nanos",
                    TimeUnit.Microsecond => "timestamp-micros",
                    TimeUnit.Millisecond => "timestamp-millis",
                    _ => null,
                };
                if (logical is not null)
                {
                    w.WriteString("logicalType", logical);
                }

                w.WriteEndObject();
                break;
            case MapType map when map.KeyField.DataType is StringType:
                w.WriteStartObject();
                w.WriteString("type", "map");
                w.WritePropertyName("values");
                Type(w, map.ValueField, path + "_value");
                w.WriteEndObject();
                break;
            case ListType list:
                w.WriteStartObject();
                w.WriteString("type", "array");
                w.WritePropertyName("items");
                Type(w, list.ValueField, path + "_item");
                w.WriteEndObject();
                break;
            case StructType st:
                Record(w, Sanitize(path), null, st.Fields, path);
                break;
            case DictionaryType dictionary:
                NonNull(w, dictionary.ValueType, path);
                break;
            default:
                throw new UnsupportedFeatureException(
                    $"Column '{path}' has Arrow type {type.Name}, which has no Avro mapping here; cast it (for example to string or int64) or use encoding = \"json\".");
        }
    }

    private static void CheckName(string name, string path)
    {
        bool ok = name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
        if (!ok)
        {
            throw new UnsupportedFeatureException(
                $"Column '{name}' in {path} is not a valid Avro field name (letters, digits and _ only, not starting with a digit); rename it or use encoding = \"json\".");
        }
    }

    private static string Sanitize(string path)
    {
        var chars = path.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray();
        return char.IsAsciiDigit(chars[0]) ? "_" + new string(chars) : new string(chars);
    }
}
