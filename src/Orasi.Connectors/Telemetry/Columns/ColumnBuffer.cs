using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;

namespace Orasi.Connectors.Telemetry.Columns;

/// <summary>
/// A growable byte buffer that becomes an Arrow buffer without copying. After <see cref="Detach"/> the written bytes
/// belong to the returned <see cref="ArrowBuffer"/> and the buffer starts over (sized like the last batch).
/// </summary>
internal sealed class ColumnBuffer
{
    private byte[] _bytes = [];
    private int _length;
    private int _capacityHint = 256;

    /// <summary>Number of bytes written since the last detach.</summary>
    public int Length => _length;

    /// <summary>Makes room for <paramref name="additional"/> more bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Ensure(int additional)
    {
        if ((uint)(_length + additional) > (uint)_bytes.Length)
        {
            Grow(additional);
        }
    }

    private void Grow(int additional)
    {
        long needed = (long)_length + additional;
        long size = Math.Max(Math.Max(_bytes.Length * 2L, _capacityHint), needed);
        if (size > System.Array.MaxLength)
        {
            size = needed <= System.Array.MaxLength
                ? System.Array.MaxLength
                : throw new InvalidOperationException("A telemetry column grew past 2 GiB; build smaller batches (lower the batch size).");
        }

        var bigger = GC.AllocateUninitializedArray<byte>((int)size);
        _bytes.AsSpan(0, _length).CopyTo(bigger);
        _bytes = bigger;
    }

    /// <summary>Appends one unmanaged value (little-endian, as Arrow stores it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write<T>(T value)
        where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        Ensure(size);
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_bytes), _length), value);
        _length += size;
    }

    /// <summary>Appends raw bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_bytes.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>Appends <paramref name="count"/> zero bytes.</summary>
    public void WriteZeros(int count)
    {
        Ensure(count);
        _bytes.AsSpan(_length, count).Clear();
        _length += count;
    }

    /// <summary>Returns a writable span of at least <paramref name="sizeHint"/> bytes at the end; call <see cref="Advance"/> after writing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> GetSpan(int sizeHint)
    {
        Ensure(sizeHint);
        return _bytes.AsSpan(_length);
    }

    /// <summary>Commits <paramref name="count"/> bytes written into the span from <see cref="GetSpan"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Advance(int count) => _length += count;

    /// <summary>Reads back a value written earlier at a byte offset.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Read<T>(int byteOffset)
        where T : unmanaged =>
        Unsafe.ReadUnaligned<T>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_bytes), byteOffset));

    /// <summary>Overwrites a value written earlier at a byte offset.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Overwrite<T>(int byteOffset, T value)
        where T : unmanaged =>
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_bytes), byteOffset), value);

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _bytes.AsSpan(0, _length);

    /// <summary>Hands the written bytes to an Arrow buffer and starts an empty buffer.</summary>
    public ArrowBuffer Detach()
    {
        var buffer = _length == 0 ? ArrowBuffer.Empty : new ArrowBuffer(_bytes.AsMemory(0, _length));
        _capacityHint = Math.Max(256, _length + (_length >> 3));
        _bytes = [];
        _length = 0;
        return buffer;
    }

    /// <summary>Forgets everything written since the last detach (keeps the memory).</summary>
    public void Reset() => _length = 0;
}
