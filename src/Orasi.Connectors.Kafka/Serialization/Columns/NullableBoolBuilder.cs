using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Kafka.Serialization.Columns;

/// <summary>A nullable boolean column (bit-packed values).</summary>
internal sealed class NullableBoolBuilder
{
    private readonly ValidityBuilder _validity = new();
    private byte[] _bits = new byte[64];

    /// <summary>Appends a value or a null.</summary>
    public void Append(bool? value)
    {
        int index = _validity.Length;
        if ((index >> 3) >= _bits.Length)
        {
            System.Array.Resize(ref _bits, _bits.Length * 2);
        }

        if (value == true)
        {
            _bits[index >> 3] |= (byte)(1 << (index & 7));
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

    /// <summary>Appends all values of <paramref name="other"/>.</summary>
    public void AppendFrom(NullableBoolBuilder other)
    {
        for (int i = 0; i < other._validity.Length; i++)
        {
            Append(other._validity.IsValid(i) ? (other._bits[i >> 3] & (1 << (i & 7))) != 0 : null);
        }
    }

    /// <summary>Builds the array data and starts over.</summary>
    public ArrayData Build()
    {
        int length = _validity.Length;
        var (validity, nulls) = _validity.Detach();
        var values = new ArrowBuffer(_bits.AsMemory(0, (length + 7) >> 3));
        _bits = new byte[64];
        return new ArrayData(BooleanType.Default, length, nulls, 0, [validity, values], null);
    }
}
