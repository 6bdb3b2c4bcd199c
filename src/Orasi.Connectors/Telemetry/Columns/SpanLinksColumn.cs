using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Telemetry.Columns;

/// <summary>The non-null <c>list&lt;struct&lt;trace_id, span_id, trace_state, attributes&gt;&gt;</c> column of span links.</summary>
internal sealed class SpanLinksColumn
{
    private readonly ColumnBuffer _offsets = new();
    private int _rows;
    private int _links;

    /// <summary>Creates an empty column.</summary>
    public SpanLinksColumn() => _offsets.Write(0);

    /// <summary>Number of rows appended.</summary>
    public int Count => _rows;

    /// <summary>Linked trace ids.</summary>
    public FixedBinaryColumn TraceId { get; } = new(TelemetrySchemas.TraceIdType);

    /// <summary>Linked span ids.</summary>
    public FixedBinaryColumn SpanId { get; } = new(TelemetrySchemas.SpanIdType);

    /// <summary>Linked trace states.</summary>
    public Utf8Column TraceState { get; } = new();

    /// <summary>Link attributes.</summary>
    public StringMapColumn Attributes { get; } = new();

    /// <summary>Closes one link whose four fields have been appended.</summary>
    public void EndLink() => _links++;

    /// <summary>Closes the current row's list.</summary>
    public void EndList()
    {
        _offsets.Write(_links);
        _rows++;
    }

    /// <summary>Builds the Arrow array data of <paramref name="type"/> and starts over.</summary>
    public ArrayData Build(ListType type)
    {
        var structType = (StructType)type.ValueDataType;
        var children = new[]
        {
            TraceId.Build(),
            SpanId.Build(),
            TraceState.Build(),
            Attributes.Build((MapType)structType.Fields[3].DataType),
        };
        var items = new ArrayData(structType, _links, 0, 0, [ArrowBuffer.Empty], children);
        var result = new ArrayData(type, _rows, 0, 0, [ArrowBuffer.Empty, _offsets.Detach()], [items]);
        _offsets.Write(0);
        _rows = 0;
        _links = 0;
        return result;
    }
}
