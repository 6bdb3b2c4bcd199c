using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Kafka.Serialization.Columns;

/// <summary>A non-null <c>map&lt;string, string&gt;</c> column: add entries, then close each row's map.</summary>
internal sealed class StringMapBuilder
{
    private readonly OffsetsBuilder _offsets = new();

    /// <summary>Maps (rows) closed.</summary>
    public int Count => _offsets.Count;

    /// <summary>Keys.</summary>
    public Utf8Builder Keys { get; } = new();

    /// <summary>Values.</summary>
    public Utf8Builder Values { get; } = new();

    /// <summary>Adds one entry to the open map.</summary>
    public void Add(scoped ReadOnlySpan<byte> key, scoped ReadOnlySpan<byte> value)
    {
        Keys.Append(key);
        Values.Append(value);
    }

    /// <summary>Closes the open map.</summary>
    public void EndMap() => _offsets.Close(Keys.Count);

    /// <summary>Appends all maps of <paramref name="other"/>.</summary>
    public void AppendFrom(StringMapBuilder other)
    {
        int entryBase = Keys.Count;
        Keys.AppendFrom(other.Keys);
        Values.AppendFrom(other.Values);
        _offsets.AppendFrom(other._offsets, entryBase);
    }

    /// <summary>Builds the array data of <paramref name="type"/> and starts over.</summary>
    public ArrayData Build(MapType type)
    {
        int length = Count;
        var entries = new ArrayData(type.KeyValueType, Keys.Count, 0, 0, [ArrowBuffer.Empty], [Keys.Build(), Values.Build()]);
        return new ArrayData(type, length, 0, 0, [ArrowBuffer.Empty, _offsets.Detach()], [entries]);
    }
}
