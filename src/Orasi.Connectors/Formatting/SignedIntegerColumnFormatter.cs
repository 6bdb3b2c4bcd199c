using System.Buffers;
using System.Numerics;
using System.Text.Json;
using Apache.Arrow;

namespace Orasi.Connectors.Formatting;

/// <summary>Signed integers (and durations, written as their integer count of units) as JSON numbers.</summary>
internal sealed class SignedIntegerColumnFormatter<T>(PrimitiveArray<T> array) : ColumnFormatter(array)
    where T : struct, IBinaryInteger<T>
{
    protected override void WriteJsonValue(Utf8JsonWriter writer, int index) =>
        writer.WriteNumberValue(long.CreateTruncating(array.Values[index]));

    public override void WriteText(IBufferWriter<byte> output, Utf8JsonWriter scratch, int index) =>
        TextOutput.WriteFormattable(output, long.CreateTruncating(array.Values[index]));
}
