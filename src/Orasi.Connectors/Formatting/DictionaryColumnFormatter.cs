using System.Buffers;
using System.Text.Json;
using Apache.Arrow;

namespace Orasi.Connectors.Formatting;

/// <summary>Dictionary-encoded arrays: each value is written as the dictionary entry its index points at.</summary>
internal sealed class DictionaryColumnFormatter(DictionaryArray array, Func<int, int> indexAt, ColumnFormatter dictionary) : ColumnFormatter(array)
{
    public override bool IsUtf8String => dictionary.IsUtf8String;

    public override ReadOnlySpan<byte> GetUtf8(int index) => dictionary.GetUtf8(indexAt(index));

    protected override void WriteJsonValue(Utf8JsonWriter writer, int index) => dictionary.WriteJson(writer, indexAt(index));

    public override void WriteText(IBufferWriter<byte> output, Utf8JsonWriter scratch, int index)
    {
        int i = indexAt(index);
        if (dictionary.IsNull(i))
        {
            return;
        }

        dictionary.WriteText(output, scratch, i);
    }
}
