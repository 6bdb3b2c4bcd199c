using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Kafka.Serialization.Columns;

/// <summary>A nullable <c>list&lt;T not null&gt;</c> column: add items, then close the row's list or append a null.</summary>
/// <typeparam name="T">The item storage type.</typeparam>
internal sealed class NullableListBuilder<T>
    where T : unmanaged
{
    private readonly OffsetsBuilder _offsets = new();
    private readonly ValidityBuilder _validity = new();

    /// <summary>The items.</summary>
    public PrimitiveBuilder<T> Items { get; } = new();

    /// <summary>Closes the current list.</summary>
    public void EndList()
    {
        _offsets.Close(Items.Count);
        _validity.AppendValid();
    }

    /// <summary>Appends a null list.</summary>
    public void AppendNull()
    {
        _offsets.Close(Items.Count);
        _validity.AppendNull();
    }

    /// <summary>Appends all lists of <paramref name="other"/>.</summary>
    public void AppendFrom(NullableListBuilder<T> other)
    {
        _offsets.AppendFrom(other._offsets, Items.Count);
        Items.AppendFrom(other.Items);
        _validity.AppendFrom(other._validity);
    }

    /// <summary>Builds the array data of <paramref name="type"/> and starts over.</summary>
    public ArrayData Build(ListType type)
    {
        int length = _validity.Length;
        var (validity, nulls) = _validity.Detach();
        ArrayData items = Items.Build(type.ValueDataType);
        return new ArrayData(type, length, nulls, 0, [validity, _offsets.Detach()], [items]);
    }
}
