using System.Buffers.Binary;

namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>32-bit Murmur3 (x86 variant, seed 0), the hash of the Iceberg bucket transform (spec appendix B).</summary>
internal static class Murmur3
{
    private const uint C1 = 0xcc9e2d51;
    private const uint C2 = 0x1b873593;

    public static int HashBytes(ReadOnlySpan<byte> data)
    {
        uint h = 0;
        var blocks = data.Length / 4;
        for (var i = 0; i < blocks; i++)
        {
            var k = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(i * 4, 4));
            h = MixH(h, MixK(k));
        }

        uint tail = 0;
        var rest = data[(blocks * 4)..];
        switch (rest.Length)
        {
            case 3:
                tail ^= (uint)rest[2] << 16;
                goto case 2;
            case 2:
                tail ^= (uint)rest[1] << 8;
                goto case 1;
            case 1:
                tail ^= rest[0];
                h ^= MixK(tail);
                break;
        }

        h ^= (uint)data.Length;
        h ^= h >> 16;
        h *= 0x85ebca6b;
        h ^= h >> 13;
        h *= 0xc2b2ae35;
        h ^= h >> 16;
        return unchecked((int)h);
    }

    public static int HashLong(long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return HashBytes(bytes);
    }

    private static uint MixK(uint k)
    {
        k *= C1;
        k = (k << 15) | (k >> 17);
        return k * C2;
    }

    private static uint MixH(uint h, uint k)
    {
        h ^= k;
        h = (h << 13) | (h >> 19);
        return (h * 5) + 0xe6546b64;
    }
}
