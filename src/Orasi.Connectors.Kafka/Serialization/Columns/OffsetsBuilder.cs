using Apache.Arrow;

namespace Orasi.Connectors.Kafka.Serialization.Columns;

/// <summary>The int32 offsets of a variable-length column (strings, lists, maps): one entry per row plus the leading zero.</summary>
internal sealed class OffsetsBuilder
{
    private readonly GrowBuffer _offsets = new();
    private int _rows;

    /// <summary>Creates offsets for zero rows.</summary>
    public OffsetsBuilder() => _offsets.Write(0);

    /// <summary>Rows closed so far.</summary>
    public int Count => _rows;

    /// <summary>Closes a row whose children end at <paramref name="end"/>.</summary>
    public void Close(int end)
    {
        _offsets.Write(end);
        _rows++;
    }

    /// <summary>Appends the rows of <paramref name="other"/>, whose children were appended after <paramref name="childBase"/> existing children.</summary>
    public void AppendFrom(OffsetsBuilder other, int childBase)
    {
        for (int i = 1; i <= other._rows; i++)
        {
            _offsets.Write(childBase + other._offsets.Read<int>(i * sizeof(int)));
        }

        _rows += other._rows;
    }

    /// <summary>Hands the offsets over and starts over.</summary>
    public ArrowBuffer Detach()
    {
        ArrowBuffer buffer = _offsets.Detach();
        _offsets.Write(0);
        _rows = 0;
        return buffer;
    }
}
