using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Telemetry.Columns;

/// <summary>A nullable <c>list&lt;T&gt;</c> column of non-null fixed-width items (histogram buckets and bounds).</summary>
/// <typeparam name="T">The unmanaged item type.</typeparam>
internal sealed class PrimitiveListColumn<T>
    where T : unmanaged
{
    private readonly ColumnBuffer _offsets = new();
    private readonly ValidityBitmap _validity = new();

    /// <summary>Creates an empty column.</summary>
    public PrimitiveListColumn() => _offsets.Write(0);

    /// <summary>Number of lists (rows) appended.</summary>
    public int Count => _validity.Length;

    /// <summary>The items child column; append items, then call <see cref="EndList"/>.</summary>
    public PrimitiveColumn<T> Items { get; } = new();

    /// <summary>Closes the current list.</summary>
    public void EndList()
    {
        _offsets.Write(Items.Count);
        _validity.AppendValid();
    }

    /// <summary>Appends a whole list, or a null when <paramref name="items"/> is null.</summary>
    public void Append(IReadOnlyList<T>? items)
    {
        if (items is null)
        {
            AppendNull();
            return;
        }

        for (int i = 0; i < items.Count; i++)
        {
            Items.Append(items[i]);
        }

        EndList();
    }

    /// <summary>Appends a null list.</summary>
    public void AppendNull()
    {
        _offsets.Write(Items.Count);
        _validity.AppendNull();
    }

    /// <summary>Builds the Arrow array data of <paramref name="type"/> and starts over.</summary>
    public ArrayData Build(ListType type)
    {
        int length = Count;
        var (validity, nulls) = _validity.Detach();
        var items = Items.Build(type.ValueDataType);
        var offsets = _offsets.Detach();
        _offsets.Write(0);
        return new ArrayData(type, length, nulls, 0, [validity, offsets], [items]);
    }
}
