using System.Text.Json;
using Apache.Arrow;

namespace Orasi.Connectors.Formatting;

/// <summary>
/// Maps as JSON objects when keys are strings (<c>{"k":v}</c>), otherwise as arrays of
/// <c>{"key":…,"value":…}</c> objects, entries in stored order.
/// </summary>
internal sealed class MapColumnFormatter(MapArray array, ColumnFormatter keys, ColumnFormatter values) : ColumnFormatter(array)
{
    private static readonly JsonEncodedText KeyName = JsonEncodedText.Encode("key");
    private static readonly JsonEncodedText ValueName = JsonEncodedText.Encode("value");

    protected override void WriteJsonValue(Utf8JsonWriter writer, int index)
    {
        int start = array.ValueOffsets[index];
        int end = array.ValueOffsets[index + 1];
        if (keys.IsUtf8String)
        {
            writer.WriteStartObject();
            for (int i = start; i < end; i++)
            {
                writer.WritePropertyName(keys.IsNull(i) ? "null"u8 : keys.GetUtf8(i));
                values.WriteJson(writer, i);
            }

            writer.WriteEndObject();
            return;
        }

        writer.WriteStartArray();
        for (int i = start; i < end; i++)
        {
            writer.WriteStartObject();
            writer.WritePropertyName(KeyName);
            keys.WriteJson(writer, i);
            writer.WritePropertyName(ValueName);
            values.WriteJson(writer, i);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
