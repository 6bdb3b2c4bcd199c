using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Telemetry.Columns;

/// <summary>
/// A UTF-8 string column (int32 offsets + data). Values can be appended whole, or composed piece by piece with
/// <see cref="Write(ReadOnlySpan{byte})"/>/<see cref="WriteInt64"/> followed by <see cref="EndValue"/>.
/// </summary>
internal sealed class Utf8Column
{
    private readonly ColumnBuffer _offsets = new();
    private readonly ColumnBuffer _data = new();
    private readonly ValidityBitmap _validity = new();

    /// <summary>Creates an empty column.</summary>
    public Utf8Column() => _offsets.Write(0);

    /// <summary>Number of values appended.</summary>
    public int Count => _validity.Length;

    /// <summary>Appends a value given as UTF-8 bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(ReadOnlySpan<byte> utf8)
    {
        _data.Write(utf8);
        EndValue();
    }

    /// <summary>Appends a string (null appends a null).</summary>
    public void Append(string? value)
    {
        if (value is null)
        {
            AppendNull();
            return;
        }

        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        int written = Encoding.UTF8.GetBytes(value, _data.GetSpan(max));
        _data.Advance(written);
        EndValue();
    }

    /// <summary>Appends a null.</summary>
    public void AppendNull()
    {
        _offsets.Write(_data.Length);
        _validity.AppendNull();
    }

    /// <summary>Appends bytes to the value being composed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ReadOnlySpan<byte> utf8) => _data.Write(utf8);

    /// <summary>Appends the decimal digits of a number to the value being composed.</summary>
    public void WriteInt64(long value)
    {
        var span = _data.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out int written);
        _data.Advance(written);
    }

    /// <summary>Appends lower-case hex of bytes to the value being composed.</summary>
    public void WriteHex(ReadOnlySpan<byte> bytes)
    {
        var span = _data.GetSpan(bytes.Length * 2);
        for (int i = 0; i < bytes.Length; i++)
        {
            span[2 * i] = HexDigit(bytes[i] >> 4);
            span[(2 * i) + 1] = HexDigit(bytes[i] & 0xF);
        }

        _data.Advance(bytes.Length * 2);
    }

    private static byte HexDigit(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);

    /// <summary>Finishes the value being composed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EndValue()
    {
        _offsets.Write(_data.Length);
        _validity.AppendValid();
    }

    /// <summary>
    /// Appends <paramref name="lengths"/>.Length values at once whose UTF-8 bytes are concatenated in <paramref name="blob"/>.
    /// </summary>
    public void AppendConcatenated(ReadOnlySpan<byte> blob, ReadOnlySpan<int> lengths)
    {
        int offset = _data.Length;
        _data.Write(blob);
        for (int i = 0; i < lengths.Length; i++)
        {
            offset += lengths[i];
            _offsets.Write(offset);
            _validity.AppendValid();
        }
    }

    /// <summary>Builds the Arrow array data and starts over.</summary>
    public ArrayData Build()
    {
        int length = Count;
        var (validity, nulls) = _validity.Detach();
        var offsets = _offsets.Detach();
        var data = _data.Detach();
        _offsets.Write(0);
        return new ArrayData(StringType.Default, length, nulls, 0, [validity, offsets, data], null);
    }
}
