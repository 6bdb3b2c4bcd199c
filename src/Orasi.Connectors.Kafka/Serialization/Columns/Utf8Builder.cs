using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Kafka.Serialization.Columns;

/// <summary>A non-null UTF-8 string column; values must already be valid UTF-8.</summary>
internal sealed class Utf8Builder
{
    private readonly OffsetsBuilder _offsets = new();
    private readonly GrowBuffer _data = new();

    /// <summary>Values appended.</summary>
    public int Count => _offsets.Count;

    /// <summary>Appends one value.</summary>
    public void Append(scoped ReadOnlySpan<byte> utf8)
    {
        _data.Write(utf8);
        _offsets.Close(_data.Length);
    }

    /// <summary>Appends <paramref name="lengths"/>.Length values whose bytes are concatenated in <paramref name="blob"/>.</summary>
    public void AppendConcatenated(ReadOnlySpan<byte> blob, ReadOnlySpan<int> lengths)
    {
        int end = _data.Length;
        _data.Write(blob);
        foreach (int length in lengths)
        {
            end += length;
            _offsets.Close(end);
        }
    }

    /// <summary>Appends all values of <paramref name="other"/>.</summary>
    public void AppendFrom(Utf8Builder other)
    {
        int dataBase = _data.Length;
        _data.Write(other._data.Written);
        _offsets.AppendFrom(other._offsets, dataBase);
    }

    /// <summary>Builds the array data and starts over.</summary>
    public ArrayData Build()
    {
        int length = Count;
        ArrowBuffer offsets = _offsets.Detach();
        return new ArrayData(StringType.Default, length, 0, 0, [ArrowBuffer.Empty, offsets, _data.Detach()], null);
    }
}
