using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;

namespace Orasi.Connectors.Kafka.Serialization.Columns;

/// <summary>A growable byte buffer that becomes an Arrow buffer without copying; <see cref="Detach"/> hands the bytes over and starts over.</summary>
internal sealed class GrowBuffer
{
    private byte[] _bytes = [];
    private int _length;

    /// <summary>Bytes written since the last detach.</summary>
    public int Length => _length;

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, _length);

    /// <summary>Appends raw bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(scoped ReadOnlySpan<byte> bytes)
    {
        if ((uint)(_length + bytes.Length) > (uint)_bytes.Length)
        {
            Grow(bytes.Length);
        }

        bytes.CopyTo(_bytes.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>Appends one unmanaged value, little-endian.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write<T>(T value)
        where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        if ((uint)(_length + size) > (uint)_bytes.Length)
        {
            Grow(size);
        }

        Unsafe.WriteUnaligned(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_bytes), _length), value);
        _length += size;
    }

    /// <summary>Appends <paramref name="count"/> bytes and returns them to be filled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> Extend(int count)
    {
        if ((uint)(_length + count) > (uint)_bytes.Length)
        {
            Grow(count);
        }

        Span<byte> span = _bytes.AsSpan(_length, count);
        _length += count;
        return span;
    }

    /// <summary>Reads back a value written earlier at a byte offset.</summary>
    public T Read<T>(int byteOffset)
        where T : unmanaged =>
        Unsafe.ReadUnaligned<T>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_bytes), byteOffset));

    /// <summary>Hands the written bytes to an Arrow buffer and starts an empty buffer.</summary>
    public ArrowBuffer Detach()
    {
        ArrowBuffer buffer = _length == 0 ? ArrowBuffer.Empty : new ArrowBuffer(_bytes.AsMemory(0, _length));
        _bytes = [];
        _length = 0;
        return buffer;
    }

    private void Grow(int additional)
    {
        long needed = (long)_length + additional;
        long size = Math.Max(Math.Max(_bytes.Length * 2L, 1024), needed);
        if (size > System.Array.MaxLength)
        {
            size = needed <= System.Array.MaxLength
                ? System.Array.MaxLength
                : throw new InvalidOperationException("A decoded Kafka column grew past 2 GiB; consume fewer records per batch.");
        }

        byte[] bigger = GC.AllocateUninitializedArray<byte>((int)size);
        _bytes.AsSpan(0, _length).CopyTo(bigger);
        _bytes = bigger;
    }
}
