using System.Buffers;
using System.Numerics;
using System.Text.Json;
using Apache.Arrow;

namespace Orasi.Connectors.Formatting;

/// <summary>Unsigned integers (uint64 included, beyond 2^53) as JSON numbers.</summary>
internal sealed class UnsignedIntegerColumnFormatter<T>(PrimitiveArray<T> array) : ColumnFormatter(array)
    where T : struct, IBinaryInteger<T>
{
    protected override void WriteJsonValue(Utf8JsonWriter writer, int index) =>
        writer.WriteNumberValue(ulong.CreateTruncating(array.Values[index]));

    public override void WriteText(IBufferWriter<byte> output, Utf8JsonWriter scratch, int index) =>
        TextOutput.WriteFormattable(output, ulong.CreateTruncating(array.Values[index]));
}
