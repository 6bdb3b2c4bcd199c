using System.Buffers;
using System.Numerics;
using System.Text.Json;
using Apache.Arrow;

namespace Orasi.Connectors.Formatting;

/// <summary>
/// Half, float and double as JSON numbers in their shortest round-trip form; NaN and infinities as the strings
/// <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>.
/// </summary>
internal sealed class FloatingPointColumnFormatter<T>(PrimitiveArray<T> array) : ColumnFormatter(array)
    where T : struct, IFloatingPointIeee754<T>, IUtf8SpanFormattable
{
    protected override void WriteJsonValue(Utf8JsonWriter writer, int index)
    {
        T value = array.Values[index];
        if (!T.IsFinite(value))
        {
            writer.WriteStringValue(NonFinite(value));
        }
        else if (typeof(T) == typeof(double))
        {
            writer.WriteNumberValue(double.CreateTruncating(value));
        }
        else if (typeof(T) == typeof(float))
        {
            writer.WriteNumberValue(float.CreateTruncating(value));
        }
        else
        {
            Span<byte> buffer = stackalloc byte[32];
            value.TryFormat(buffer, out int written, "R", System.Globalization.CultureInfo.InvariantCulture);
            writer.WriteRawValue(buffer[..written], skipInputValidation: true);
        }
    }

    public override void WriteText(IBufferWriter<byte> output, Utf8JsonWriter scratch, int index)
    {
        T value = array.Values[index];
        if (!T.IsFinite(value))
        {
            TextOutput.Write(output, NonFinite(value));
        }
        else
        {
            TextOutput.WriteFormattable(output, value, "R");
        }
    }

    private static ReadOnlySpan<byte> NonFinite(T value) =>
        T.IsNaN(value) ? "NaN"u8 : T.IsPositiveInfinity(value) ? "Infinity"u8 : "-Infinity"u8;
}
