using System.Text.Json;
using Apache.Arrow;

namespace Orasi.Connectors.Formatting;

/// <summary>Structs as JSON objects with fields in schema order.</summary>
internal sealed class StructColumnFormatter(StructArray array, JsonEncodedText[] names, ColumnFormatter[] fields) : ColumnFormatter(array)
{
    protected override void WriteJsonValue(Utf8JsonWriter writer, int index)
    {
        writer.WriteStartObject();
        for (int f = 0; f < fields.Length; f++)
        {
            writer.WritePropertyName(names[f]);
            fields[f].WriteJson(writer, index);
        }

        writer.WriteEndObject();
    }
}
