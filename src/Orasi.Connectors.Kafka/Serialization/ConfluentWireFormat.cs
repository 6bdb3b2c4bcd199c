using System.Buffers.Binary;

namespace Orasi.Connectors.Kafka.Serialization;

/// <summary>The Confluent wire format: magic byte 0, a 4-byte big-endian schema id, then the payload.</summary>
public static class ConfluentWireFormat
{
    /// <summary>The magic byte, 0.</summary>
    public const byte MagicByte = 0;

    /// <summary>The header length, 5 bytes.</summary>
    public const int HeaderLength = 5;

    /// <summary>Prefixes <paramref name="payload"/> with the header for <paramref name="schemaId"/>.</summary>
    /// <param name="schemaId">The registry's schema id.</param>
    /// <param name="payload">The encoded value.</param>
    public static byte[] Frame(int schemaId, ReadOnlySpan<byte> payload)
    {
        var result = new byte[HeaderLength + payload.Length];
        result[0] = MagicByte;
        BinaryPrimitives.WriteInt32BigEndian(result.AsSpan(1), schemaId);
        payload.CopyTo(result.AsSpan(HeaderLength));
        return result;
    }

    /// <summary>True when <paramref name="value"/> starts with a wire-format header; returns the schema id.</summary>
    /// <param name="value">A record value.</param>
    /// <param name="schemaId">The schema id when framed.</param>
    public static bool TryReadHeader(ReadOnlySpan<byte> value, out int schemaId)
    {
        schemaId = 0;
        if (value.Length < HeaderLength || value[0] != MagicByte)
        {
            return false;
        }

        schemaId = BinaryPrimitives.ReadInt32BigEndian(value[1..]);
        return true;
    }
}
