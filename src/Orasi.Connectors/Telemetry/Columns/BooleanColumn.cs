using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Telemetry.Columns;

/// <summary>A nullable boolean column (bit-packed values plus validity).</summary>
internal sealed class BooleanColumn
{
    private readonly ColumnBuffer _bits = new();
    private readonly ValidityBitmap _validity = new();

    /// <summary>Number of values appended.</summary>
    public int Count => _validity.Length;

    /// <summary>Appends a value or a null.</summary>
    public void Append(bool? value)
    {
        int index = Count;
        if ((index & 7) == 0)
        {
            _bits.Write((byte)0);
        }

        if (value == true)
        {
            int at = index >> 3;
            _bits.Overwrite(at, (byte)(_bits.Read<byte>(at) | (1 << (index & 7))));
        }

        if (value.HasValue)
        {
            _validity.AppendValid();
        }
        else
        {
            _validity.AppendNull();
        }
    }

    /// <summary>Builds the Arrow array data and starts over.</summary>
    public ArrayData Build()
    {
        int length = Count;
        var (validity, nulls) = _validity.Detach();
        return new ArrayData(BooleanType.Default, length, nulls, 0, [validity, _bits.Detach()], null);
    }
}
