using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Telemetry.Columns;

/// <summary>A fixed-size binary column (trace and span ids).</summary>
internal sealed class FixedBinaryColumn
{
    private readonly ColumnBuffer _values = new();
    private readonly ValidityBitmap _validity = new();
    private readonly FixedSizeBinaryType _type;

    /// <summary>Creates a column of values of <paramref name="type"/>'s width.</summary>
    public FixedBinaryColumn(FixedSizeBinaryType type) => _type = type;

    /// <summary>Number of values appended.</summary>
    public int Count => _validity.Length;

    /// <summary>Appends a value; it must be exactly the column's width.</summary>
    public void Append(ReadOnlySpan<byte> value)
    {
        if (value.Length != _type.ByteWidth)
        {
            throw new ArgumentException($"A {_type.ByteWidth}-byte id was expected but {value.Length} bytes were given; pass ids of the right width.", nameof(value));
        }

        _values.Write(value);
        _validity.AppendValid();
    }

    /// <summary>Appends a value and returns the span to fill with its bytes.</summary>
    public Span<byte> AppendWritable()
    {
        var span = _values.GetSpan(_type.ByteWidth)[.._type.ByteWidth];
        _values.Advance(_type.ByteWidth);
        _validity.AppendValid();
        return span;
    }

    /// <summary>Appends a null (zero bytes in its slot).</summary>
    public void AppendNull()
    {
        _values.WriteZeros(_type.ByteWidth);
        _validity.AppendNull();
    }

    /// <summary>Builds the Arrow array data and starts over.</summary>
    public ArrayData Build()
    {
        int length = Count;
        var (validity, nulls) = _validity.Detach();
        return new ArrayData(_type, length, nulls, 0, [validity, _values.Detach()], null);
    }
}
