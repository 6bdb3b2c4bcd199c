using System.Buffers;
using System.Text.Json;
using Apache.Arrow;

namespace Orasi.Connectors.Formatting;

/// <summary>Booleans as JSON <c>true</c>/<c>false</c>.</summary>
internal sealed class BooleanColumnFormatter(BooleanArray array) : ColumnFormatter(array)
{
    protected override void WriteJsonValue(Utf8JsonWriter writer, int index) => writer.WriteBooleanValue(array.GetValue(index) == true);

    public override void WriteText(IBufferWriter<byte> output, Utf8JsonWriter scratch, int index) =>
        TextOutput.Write(output, array.GetValue(index) == true ? "true"u8 : "false"u8);
}
