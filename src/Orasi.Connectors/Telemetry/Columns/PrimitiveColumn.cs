using System.Runtime.CompilerServices;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Telemetry.Columns;

/// <summary>A fixed-width column (int32, int64, double, timestamp, date32) written straight into an Arrow buffer.</summary>
/// <typeparam name="T">The unmanaged storage type of one value.</typeparam>
internal sealed class PrimitiveColumn<T>
    where T : unmanaged
{
    private readonly ColumnBuffer _values = new();
    private readonly ValidityBitmap _validity = new();

    /// <summary>Number of values appended.</summary>
    public int Count => _validity.Length;

    /// <summary>Appends a value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(T value)
    {
        _values.Write(value);
        _validity.AppendValid();
    }

    /// <summary>Appends a value or a null.</summary>
    public void Append(T? value)
    {
        if (value.HasValue)
        {
            Append(value.GetValueOrDefault());
        }
        else
        {
            AppendNull();
        }
    }

    /// <summary>Appends a null (its storage slot is zero).</summary>
    public void AppendNull()
    {
        _values.Write(default(T));
        _validity.AppendNull();
    }

    /// <summary>Reads back the value at <paramref name="index"/> appended since the last build.</summary>
    public T Get(int index) => _values.Read<T>(index * Unsafe.SizeOf<T>());

    /// <summary>Builds the Arrow array data of the given type and starts over.</summary>
    public ArrayData Build(IArrowType type)
    {
        int length = Count;
        var (validity, nulls) = _validity.Detach();
        return new ArrayData(type, length, nulls, 0, [validity, _values.Detach()], null);
    }
}
