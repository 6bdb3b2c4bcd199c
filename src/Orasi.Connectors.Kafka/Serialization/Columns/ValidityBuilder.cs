using Apache.Arrow;

namespace Orasi.Connectors.Kafka.Serialization.Columns;

/// <summary>An Arrow validity bitmap materialised only once the first null arrives.</summary>
internal sealed class ValidityBuilder
{
    private byte[]? _bits;
    private int _length;
    private int _nulls;

    /// <summary>Slots appended.</summary>
    public int Length => _length;

    /// <summary>Appends a valid slot.</summary>
    public void AppendValid()
    {
        if (_bits is not null)
        {
            Ensure(_length + 1);
            _bits[_length >> 3] |= (byte)(1 << (_length & 7));
        }

        _length++;
    }

    /// <summary>Appends a null slot.</summary>
    public void AppendNull()
    {
        if (_bits is null)
        {
            _bits = new byte[Math.Max(64, (_length + 8) >> 2)];
            for (int i = 0; i < _length; i++)
            {
                _bits[i >> 3] |= (byte)(1 << (i & 7));
            }
        }

        Ensure(_length + 1);
        _length++;
        _nulls++;
    }

    /// <summary>Whether slot <paramref name="index"/> is valid.</summary>
    public bool IsValid(int index) => _bits is null || (_bits[index >> 3] & (1 << (index & 7))) != 0;

    /// <summary>Appends the slots of <paramref name="other"/>.</summary>
    public void AppendFrom(ValidityBuilder other)
    {
        if (_bits is null && other._bits is null)
        {
            _length += other._length;
            return;
        }

        for (int i = 0; i < other._length; i++)
        {
            if (other.IsValid(i))
            {
                AppendValid();
            }
            else
            {
                AppendNull();
            }
        }
    }

    /// <summary>Returns the bitmap (empty without nulls) and the null count, then starts over.</summary>
    public (ArrowBuffer Buffer, int Nulls) Detach()
    {
        var result = _nulls == 0 || _bits is null ? (ArrowBuffer.Empty, 0) : (new ArrowBuffer(_bits.AsMemory(0, (_length + 7) >> 3)), _nulls);
        _bits = null;
        _length = 0;
        _nulls = 0;
        return result;
    }

    private void Ensure(int slots)
    {
        int bytes = (slots + 7) >> 3;
        if (bytes > _bits!.Length)
        {
            System.Array.Resize(ref _bits, Math.Max(bytes, _bits.Length * 2));
        }
    }
}
