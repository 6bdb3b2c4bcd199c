using System.Globalization;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.DeltaLake.Log;

/// <summary>Writes one value of an Arrow array as JSON (used to turn checkpoint rows into action JSON and parsed stats into stats JSON).</summary>
internal static class ArrowJsonWriter
{
    /// <summary>Writes the value at <paramref name="index"/> (null for a null slot).</summary>
    public static void WriteValue(Utf8JsonWriter writer, IArrowArray array, int index)
    {
        if (array.IsNull(index))
        {
            writer.WriteNullValue();
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        switch (array)
        {
            case StringArray s:
                writer.WriteStringValue(s.GetString(index));
                break;
            case BooleanArray b:
                writer.WriteBooleanValue(b.GetValue(index)!.Value);
                break;
            case Int8Array a:
                writer.WriteNumberValue(a.GetValue(index)!.Value);
                break;
            case Int16Array a:
                writer.WriteNumberValue(a.GetValue(index)!.Value);
                break;
            case Int32Array a:
                writer.WriteNumberValue(a.GetValue(index)!.Value);
                break;
            case Int64Array a:
                writer.WriteNumberValue(a.GetValue(index)!.Value);
                break;
            case FloatArray a:
                WriteFloating(writer, a.GetValue(index)!.Value);
                break;
            case DoubleArray a:
                WriteFloating(writer, a.GetValue(index)!.Value);
                break;
            case Date32Array d:
                writer.WriteStringValue(d.GetDateOnly(index)!.Value.ToString("yyyy-MM-dd", inv));
                break;
            case TimestampArray t:
                var type = (TimestampType)t.Data.DataType;
                var value = t.GetTimestamp(index)!.Value;
                writer.WriteStringValue(string.IsNullOrEmpty(type.Timezone)
                    ? value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", inv)
                    : value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", inv));
                break;
            case Decimal128Array d:
                writer.WriteRawValue(d.GetSqlDecimal(index)!.Value.ToString(), skipInputValidation: true);
                break;
            case BinaryArray b:
                writer.WriteStringValue(System.Text.Encoding.UTF8.GetString(b.GetBytes(index)));
                break;
            case MapArray m:
                writer.WriteStartObject();
                var mapOffsets = m.ValueOffsets;
                for (var i = mapOffsets[index]; i < mapOffsets[index + 1]; i++)
                {
                    writer.WritePropertyName(KeyText(m.Keys, i));
                    WriteValue(writer, m.Values, i);
                }

                writer.WriteEndObject();
                break;
            case ListArray l:
                writer.WriteStartArray();
                var offsets = l.ValueOffsets;
                for (var i = offsets[index]; i < offsets[index + 1]; i++)
                {
                    WriteValue(writer, l.Values, i);
                }

                writer.WriteEndArray();
                break;
            case StructArray s:
                WriteStruct(writer, s, index, null);
                break;
            default:
                throw new UnsupportedFeatureException($"A checkpoint column has the Arrow type {array.Data.DataType.Name}, which the Delta log reader does not understand.");
        }
    }

    /// <summary>Writes a struct row as a JSON object, skipping null fields; <paramref name="rewrite"/> may take over a field.</summary>
    public static void WriteStruct(Utf8JsonWriter writer, StructArray array, int index, Func<string, IArrowArray, int, bool>? rewrite, Action<Utf8JsonWriter, StructArray, int>? appendExtra = null)
    {
        var fields = ((StructType)array.Data.DataType).Fields;
        var childIndex = array.Offset + index;
        writer.WriteStartObject();
        for (var f = 0; f < fields.Count; f++)
        {
            var child = array.Fields[f];
            if (rewrite?.Invoke(fields[f].Name, child, childIndex) == true || child.IsNull(childIndex))
            {
                continue;
            }

            writer.WritePropertyName(fields[f].Name);
            WriteValue(writer, child, childIndex);
        }

        appendExtra?.Invoke(writer, array, index);
        writer.WriteEndObject();
    }

    private static string KeyText(IArrowArray keys, int index) => keys switch
    {
        StringArray s => s.GetString(index),
        _ => ValueText(keys, index) ?? string.Empty,
    };

    /// <summary>The value as text the way partition values are serialized (null for null).</summary>
    public static string? ValueText(IArrowArray array, int index)
    {
        if (array.IsNull(index))
        {
            return null;
        }

        if (array is StringArray s)
        {
            return s.GetString(index);
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteValue(writer, array, index);
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        var root = document.RootElement;
        var text = root.ValueKind == JsonValueKind.String ? root.GetString() : root.GetRawText();
        if (array is TimestampArray t && string.IsNullOrEmpty(((TimestampType)t.Data.DataType).Timezone) && text is not null)
        {
            text = text.Replace('T', ' ');
        }

        return text;
    }

    private static void WriteFloating(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }
}
