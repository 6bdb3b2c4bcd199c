using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Telemetry.Columns;

/// <summary>
/// A non-null <c>map&lt;string, string&gt;</c> column. Add entries with <see cref="Add(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>
/// (or compose a value through <see cref="Values"/>) and close each row's map with <see cref="EndMap"/>.
/// </summary>
internal sealed class StringMapColumn
{
    private readonly ColumnBuffer _offsets = new();
    private int _count;

    /// <summary>Creates an empty column.</summary>
    public StringMapColumn() => _offsets.Write(0);

    /// <summary>Number of maps (rows) appended.</summary>
    public int Count => _count;

    /// <summary>The keys child column.</summary>
    public Utf8Column Keys { get; } = new();

    /// <summary>The values child column (compose a value here after appending its key).</summary>
    public Utf8Column Values { get; } = new();

    /// <summary>Adds one entry to the current map.</summary>
    public void Add(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        Keys.Append(key);
        Values.Append(value);
    }

    /// <summary>Adds all entries of a pre-encoded attribute set to the current map.</summary>
    public void Add(EncodedAttributes attributes)
    {
        Keys.AppendConcatenated(attributes.KeysBlob, attributes.KeyLengths);
        Values.AppendConcatenated(attributes.ValuesBlob, attributes.ValueLengths);
    }

    /// <summary>Closes the current map.</summary>
    public void EndMap()
    {
        _offsets.Write(Keys.Count);
        _count++;
    }

    /// <summary>Appends a whole map; null appends an empty map. Keys and values must not be null.</summary>
    public void Append(IEnumerable<KeyValuePair<string, string>>? entries, string column)
    {
        if (entries is not null)
        {
            foreach (var entry in entries)
            {
                if (entry.Key is null || entry.Value is null)
                {
                    throw new ArgumentException($"Attribute maps in '{column}' cannot hold null keys or values; use an empty string instead.", nameof(entries));
                }

                Keys.Append(entry.Key);
                Values.Append(entry.Value);
            }
        }

        EndMap();
    }

    /// <summary>Builds the Arrow array data of <paramref name="type"/> and starts over.</summary>
    public ArrayData Build(MapType type)
    {
        int length = _count;
        int entriesCount = Keys.Count;
        var entries = new ArrayData(type.KeyValueType, entriesCount, 0, 0, [ArrowBuffer.Empty], [Keys.Build(), Values.Build()]);
        var offsets = _offsets.Detach();
        _offsets.Write(0);
        _count = 0;
        return new ArrayData(type, length, 0, 0, [ArrowBuffer.Empty, offsets], [entries]);
    }
}
