using System.Text.Json;
using Apache.Arrow;

namespace Orasi.Connectors.Formatting;

/// <summary>Arrow <c>null</c> type: every value is null.</summary>
internal sealed class NullColumnFormatter(IArrowArray array) : ColumnFormatter(array)
{
    protected override void WriteJsonValue(Utf8JsonWriter writer, int index) => writer.WriteNullValue();
}
