using System.Text.Json;
using Apache.Arrow;

namespace Orasi.Connectors.Formatting;

/// <summary>Lists (list, large list, fixed-size list, list views) as JSON arrays.</summary>
internal sealed class ListColumnFormatter(IArrowArray array, ListRangeAccessor range, ColumnFormatter items) : ColumnFormatter(array)
{
    protected override void WriteJsonValue(Utf8JsonWriter writer, int index)
    {
        (int start, int length) = range(index);
        writer.WriteStartArray();
        for (int i = start; i < start + length; i++)
        {
            items.WriteJson(writer, i);
        }

        writer.WriteEndArray();
    }
}
