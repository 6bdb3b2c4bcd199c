using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Kafka.Serialization.Columns;

/// <summary>A nullable fixed-size binary column (trace and span ids); the validity bitmap appears with the first null.</summary>
internal sealed class FixedBinaryBuilder
{
    private readonly GrowBuffer _values = new();
    private readonly FixedSizeBinaryType _type;
    private byte[]? _bits;
    private int _count;
    private int _nulls;

    /// <summary>Creates a column of <paramref name="type"/>.</summary>
    public FixedBinaryBuilder(FixedSizeBinaryType type) => _type = type;

    /// <summary>Values appended.</summary>
    public int Count => _count;

    /// <summary>Appends a value and returns its bytes to fill.</summary>
    public Span<byte> AppendWritable()
    {
        if (_bits is not null)
        {
            EnsureBits(_count + 1);
            _bits[_count >> 3] |= (byte)(1 << (_count & 7));
        }

        _count++;
        return _values.Extend(_type.ByteWidth);
    }

    /// <summary>Appends a null (zero bytes).</summary>
    public void AppendNull()
    {
        if (_bits is null)
        {
            _bits = new byte[Math.Max(64, (_count + 8) >> 2)];
            for (int i = 0; i < _count; i++)
            {
                _bits[i >> 3] |= (byte)(1 << (i & 7));
            }
        }

        EnsureBits(_count + 1);
        _count++;
        _nulls++;
        _values.Extend(_type.ByteWidth).Clear();
    }

    /// <summary>Appends all values of <paramref name="other"/>.</summary>
    public void AppendFrom(FixedBinaryBuilder other)
    {
        if (other._bits is null && _bits is null)
        {
            _values.Write(other._values.Written);
            _count += other._count;
            return;
        }

        ReadOnlySpan<byte> values = other._values.Written;
        int width = _type.ByteWidth;
        for (int i = 0; i < other._count; i++)
        {
            if (other._bits is null || (other._bits[i >> 3] & (1 << (i & 7))) != 0)
            {
                values.Slice(i * width, width).CopyTo(AppendWritable());
            }
            else
            {
                AppendNull();
            }
        }
    }

    /// <summary>Builds the array data and starts over.</summary>
    public ArrayData Build()
    {
        ArrowBuffer validity = _nulls == 0 || _bits is null ? ArrowBuffer.Empty : new ArrowBuffer(_bits.AsMemory(0, (_count + 7) >> 3));
        var data = new ArrayData(_type, _count, _nulls, 0, [validity, _values.Detach()], null);
        _bits = null;
        _count = 0;
        _nulls = 0;
        return data;
    }

    private void EnsureBits(int slots)
    {
        int bytes = (slots + 7) >> 3;
        if (bytes > _bits!.Length)
        {
            System.Array.Resize(ref _bits, Math.Max(bytes, _bits.Length * 2));
        }
    }
}
