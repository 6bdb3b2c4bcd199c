using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Kafka.Serialization.Columns;

/// <summary>A non-null fixed-width column of <typeparamref name="T"/> (timestamps, durations, dates).</summary>
/// <typeparam name="T">The storage type.</typeparam>
internal sealed class PrimitiveBuilder<T>
    where T : unmanaged
{
    private readonly GrowBuffer _values = new();
    private int _count;

    /// <summary>Values appended.</summary>
    public int Count => _count;

    /// <summary>Appends a value.</summary>
    public void Append(T value)
    {
        _values.Write(value);
        _count++;
    }

    /// <summary>Appends all values of <paramref name="other"/>.</summary>
    public void AppendFrom(PrimitiveBuilder<T> other)
    {
        _values.Write(other._values.Written);
        _count += other._count;
    }

    /// <summary>Builds the array data of <paramref name="type"/> and starts over.</summary>
    public ArrayData Build(IArrowType type)
    {
        var data = new ArrayData(type, _count, 0, 0, [ArrowBuffer.Empty, _values.Detach()], null);
        _count = 0;
        return data;
    }
}
