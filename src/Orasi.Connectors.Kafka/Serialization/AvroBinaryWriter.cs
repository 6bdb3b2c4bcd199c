using System.Buffers;
using System.Buffers.Binary;

namespace Orasi.Connectors.Kafka.Serialization;

/// <summary>Appends Avro binary encoding (zig-zag varints, length-prefixed bytes) to a growable buffer.</summary>
internal sealed class AvroBinaryWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public AvroBinaryWriter(int capacity = 1024) => _buffer = new ArrayBufferWriter<byte>(capacity);

    public int Length => _buffer.WrittenCount;

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    public void Reset() => _buffer.ResetWrittenCount();

    public void WriteLong(long value)
    {
        ulong n = (ulong)((value << 1) ^ (value >> 63));
        Span<byte> span = _buffer.GetSpan(10);
        int i = 0;
        while (n >= 0x80)
        {
            span[i++] = (byte)(n | 0x80);
            n >>= 7;
        }

        span[i++] = (byte)n;
        _buffer.Advance(i);
    }

    public void WriteBoolean(bool value)
    {
        _buffer.GetSpan(1)[0] = value ? (byte)1 : (byte)0;
        _buffer.Advance(1);
    }

    public void WriteFloat(float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteLong(value.Length);
        WriteFixed(value);
    }

    public void WriteFixed(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_buffer.GetSpan(value.Length));
        _buffer.Advance(value.Length);
    }

    /// <summary>Writes the Confluent wire-format header: magic byte 0 and the big-endian schema id.</summary>
    public void WriteConfluentHeader(int schemaId)
    {
        Span<byte> span = _buffer.GetSpan(5);
        span[0] = ConfluentWireFormat.MagicByte;
        BinaryPrimitives.WriteInt32BigEndian(span[1..], schemaId);
        _buffer.Advance(5);
    }
}
