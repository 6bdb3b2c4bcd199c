using Apache.Arrow;

namespace Orasi.Connectors.Telemetry.Columns;

/// <summary>
/// An Arrow validity bitmap that is only materialised once the first null arrives, so all-valid columns carry no
/// bitmap at all.
/// </summary>
internal sealed class ValidityBitmap
{
    private byte[]? _bits;
    private int _length;
    private int _nullCount;

    /// <summary>Number of slots appended.</summary>
    public int Length => _length;

    /// <summary>Number of null slots appended.</summary>
    public int NullCount => _nullCount;

    /// <summary>Appends a valid slot.</summary>
    public void AppendValid()
    {
        if (_bits is not null)
        {
            EnsureBits(_length + 1);
            _bits[_length >> 3] |= (byte)(1 << (_length & 7));
        }

        _length++;
    }

    /// <summary>Appends a null slot.</summary>
    public void AppendNull()
    {
        if (_bits is null)
        {
            _bits = new byte[Math.Max(64, ((_length + 8) >> 3) * 2)];
            int fullBytes = _length >> 3;
            _bits.AsSpan(0, fullBytes).Fill(0xFF);
            for (int i = fullBytes << 3; i < _length; i++)
            {
                _bits[i >> 3] |= (byte)(1 << (i & 7));
            }
        }

        EnsureBits(_length + 1);
        _length++;
        _nullCount++;
    }

    private void EnsureBits(int slots)
    {
        int bytes = (slots + 7) >> 3;
        if (bytes > _bits!.Length)
        {
            System.Array.Resize(ref _bits, Math.Max(bytes, _bits.Length * 2));
        }
    }

    /// <summary>Returns the bitmap buffer (empty when there are no nulls) and the null count, then starts over.</summary>
    public (ArrowBuffer Buffer, int NullCount) Detach()
    {
        var result = _nullCount == 0 || _bits is null
            ? (ArrowBuffer.Empty, 0)
            : (new ArrowBuffer(_bits.AsMemory(0, (_length + 7) >> 3)), _nullCount);
        _bits = null;
        _length = 0;
        _nullCount = 0;
        return result;
    }
}
