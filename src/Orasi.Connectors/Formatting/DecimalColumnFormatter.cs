using System.Buffers;
using System.Text.Json;
using Apache.Arrow.Arrays;

namespace Orasi.Connectors.Formatting;

/// <summary>Decimal32/64/128/256 as JSON strings with exactly <c>scale</c> fractional digits (<c>"1.500"</c>).</summary>
internal sealed class DecimalColumnFormatter(FixedSizeBinaryArray array, int scale) : ColumnFormatter(array)
{
    private const int MaxLength = 160;

    protected override void WriteJsonValue(Utf8JsonWriter writer, int index)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        writer.WriteStringValue(buffer[..Format(index, buffer)]);
    }

    public override void WriteText(IBufferWriter<byte> output, Utf8JsonWriter scratch, int index)
    {
        Span<byte> span = output.GetSpan(MaxLength);
        output.Advance(Format(index, span));
    }

    private int Format(int index, Span<byte> destination)
    {
        int written = ArrowTextFormat.FormatDecimal(array.GetBytes(index), scale, destination);
        if (written < 0)
        {
            throw new UnsupportedFeatureException(
                $"A decimal value with scale {scale} is too long to format as text; use a smaller absolute scale.");
        }

        return written;
    }
}
