using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Telemetry.Columns;

/// <summary>The non-null <c>list&lt;struct&lt;timestamp, name, attributes&gt;&gt;</c> column of span events.</summary>
internal sealed class SpanEventsColumn
{
    private readonly ColumnBuffer _offsets = new();
    private int _rows;
    private int _events;

    /// <summary>Creates an empty column.</summary>
    public SpanEventsColumn() => _offsets.Write(0);

    /// <summary>Number of rows appended.</summary>
    public int Count => _rows;

    /// <summary>Event timestamps (ns since the Unix epoch).</summary>
    public PrimitiveColumn<long> Timestamp { get; } = new();

    /// <summary>Event names.</summary>
    public Utf8Column Name { get; } = new();

    /// <summary>Event attributes.</summary>
    public StringMapColumn Attributes { get; } = new();

    /// <summary>Closes one event whose three fields have been appended.</summary>
    public void EndEvent() => _events++;

    /// <summary>Closes the current row's list.</summary>
    public void EndList()
    {
        _offsets.Write(_events);
        _rows++;
    }

    /// <summary>Builds the Arrow array data of <paramref name="type"/> and starts over.</summary>
    public ArrayData Build(ListType type)
    {
        var structType = (StructType)type.ValueDataType;
        var children = new[]
        {
            Timestamp.Build(structType.Fields[0].DataType),
            Name.Build(),
            Attributes.Build((MapType)structType.Fields[2].DataType),
        };
        var items = new ArrayData(structType, _events, 0, 0, [ArrowBuffer.Empty], children);
        var result = new ArrayData(type, _rows, 0, 0, [ArrowBuffer.Empty, _offsets.Detach()], [items]);
        _offsets.Write(0);
        _rows = 0;
        _events = 0;
        return result;
    }
}
