using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using Apache.Arrow;

namespace Orasi.Connectors.Formatting;

/// <summary>
/// Strings (utf8, large utf8, utf8 view) as JSON strings, written straight from their UTF-8 bytes; binary (binary,
/// large binary, binary view, fixed-size binary) as base64 strings.
/// </summary>
internal sealed class BinaryColumnFormatter(IArrowArray array, ByteSpanAccessor bytes, bool isString) : ColumnFormatter(array)
{
    public override bool IsUtf8String => isString;

    public override ReadOnlySpan<byte> GetUtf8(int index) => bytes(index);

    protected override void WriteJsonValue(Utf8JsonWriter writer, int index)
    {
        if (isString)
        {
            writer.WriteStringValue(bytes(index));
        }
        else
        {
            writer.WriteBase64StringValue(bytes(index));
        }
    }

    public override void WriteText(IBufferWriter<byte> output, Utf8JsonWriter scratch, int index)
    {
        ReadOnlySpan<byte> value = bytes(index);
        if (isString)
        {
            TextOutput.Write(output, value);
            return;
        }

        Span<byte> span = output.GetSpan(Base64.GetMaxEncodedToUtf8Length(value.Length));
        Base64.EncodeToUtf8(value, span, out _, out int written);
        output.Advance(written);
    }
}
