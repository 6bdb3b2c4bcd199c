using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Kafka.Serialization.Columns;

/// <summary>A nullable fixed-width column (null slots hold zero).</summary>
/// <typeparam name="T">The storage type.</typeparam>
internal sealed class NullablePrimitiveBuilder<T>
    where T : unmanaged
{
    private readonly GrowBuffer _values = new();
    private readonly ValidityBuilder _validity = new();

    /// <summary>Appends a value or a null.</summary>
    public void Append(T? value)
    {
        _values.Write(value.GetValueOrDefault());
        if (value.HasValue)
        {
            _validity.AppendValid();
        }
        else
        {
            _validity.AppendNull();
        }
    }

    /// <summary>Appends all values of <paramref name="other"/>.</summary>
    public void AppendFrom(NullablePrimitiveBuilder<T> other)
    {
        _values.Write(other._values.Written);
        _validity.AppendFrom(other._validity);
    }

    /// <summary>Builds the array data of <paramref name="type"/> and starts over.</summary>
    public ArrayData Build(IArrowType type)
    {
        int length = _validity.Length;
        var (validity, nulls) = _validity.Detach();
        return new ArrayData(type, length, nulls, 0, [validity, _values.Detach()], null);
    }
}
