using System.Buffers.Binary;
using System.Globalization;

namespace Orasi.Connectors.DeltaLake.Scan;

/// <summary>
/// Reader of Delta's RoaringBitmapArray deletion vector format: a little-endian magic number (1681511377), a 64-bit
/// bitmap count, then per bitmap a 32-bit key (the high 32 bits of the row indexes) and a 32-bit Roaring bitmap in the
/// portable serialization format (array, bitmap and run containers).
/// </summary>
internal static class RoaringBitmapArray
{
    /// <summary>The magic number that starts a serialized RoaringBitmapArray.</summary>
    public const uint Magic = 1681511377;

    private const ushort SerialCookieNoRunContainer = 12346;
    private const ushort SerialCookie = 12347;
    private const int NoOffsetThreshold = 4;
    private const int MaxArrayContainerCardinality = 4096;
    private const int BitmapContainerBytes = 8192;

    /// <summary>Decodes a serialized RoaringBitmapArray into its values in ascending order.</summary>
    /// <param name="data">The bytes, starting at the magic number.</param>
    /// <param name="source">What the bytes are (for error messages).</param>
    /// <exception cref="CorruptDataException">The bytes are not a valid RoaringBitmapArray.</exception>
    public static long[] Deserialize(ReadOnlySpan<byte> data, string source)
    {
        try
        {
            return DeserializeCore(data, source);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new CorruptDataException($"The deletion vector {source} is truncated; the table's deletion vector data is corrupt.", ex);
        }
    }

    private static long[] DeserializeCore(ReadOnlySpan<byte> data, string source)
    {
        if (data.Length < 12)
        {
            throw new CorruptDataException($"The deletion vector {source} has only {data.Length} bytes, fewer than the 12-byte RoaringBitmapArray header; it is corrupt.");
        }

        var magic = BinaryPrimitives.ReadUInt32LittleEndian(data);
        if (magic != Magic)
        {
            throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture,
                $"The deletion vector {source} starts with {magic} instead of the RoaringBitmapArray magic number {Magic}; it is corrupt or in an unsupported format."));
        }

        var count = BinaryPrimitives.ReadInt64LittleEndian(data[4..]);
        if (count < 0 || count > uint.MaxValue + 1L)
        {
            throw new CorruptDataException($"The deletion vector {source} declares {count} bitmaps, which is impossible; it is corrupt.");
        }

        var values = new List<long>();
        var position = 12;
        long? previousKey = null;
        for (long b = 0; b < count; b++)
        {
            var key = BinaryPrimitives.ReadUInt32LittleEndian(data[position..]);
            position += 4;
            if (previousKey is { } prev && key <= prev)
            {
                throw new CorruptDataException($"The deletion vector {source} has bitmap keys out of order; it is corrupt.");
            }

            previousKey = key;
            var high = (long)key << 32;
            position += ReadRoaring32(data[position..], source, v => values.Add(high | v));
        }

        return values.ToArray();
    }

    /// <summary>Reads one portable 32-bit Roaring bitmap, calling <paramref name="add"/> for each value in ascending order; returns the bytes consumed.</summary>
    public static int ReadRoaring32(ReadOnlySpan<byte> data, string source, Action<uint> add)
    {
        ArgumentNullException.ThrowIfNull(add);
        var cookie = BinaryPrimitives.ReadUInt32LittleEndian(data);
        var position = 4;
        int containers;
        ReadOnlySpan<byte> runFlags = default;
        var hasRuns = (cookie & 0xFFFF) == SerialCookie;
        if (hasRuns)
        {
            containers = (int)(cookie >> 16) + 1;
            var flagBytes = (containers + 7) / 8;
            runFlags = data.Slice(position, flagBytes);
            position += flagBytes;
        }
        else if (cookie == SerialCookieNoRunContainer)
        {
            var n = BinaryPrimitives.ReadUInt32LittleEndian(data[position..]);
            position += 4;
            if (n > 65536)
            {
                throw new CorruptDataException($"The deletion vector {source} has a Roaring bitmap with {n} containers (at most 65536 exist); it is corrupt.");
            }

            containers = (int)n;
        }
        else
        {
            throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture,
                $"The deletion vector {source} has a Roaring bitmap with the unknown cookie {cookie}; it is corrupt or not in the portable format."));
        }

        var keys = new ushort[containers];
        var cardinalities = new int[containers];
        for (var i = 0; i < containers; i++)
        {
            keys[i] = BinaryPrimitives.ReadUInt16LittleEndian(data[position..]);
            cardinalities[i] = BinaryPrimitives.ReadUInt16LittleEndian(data[(position + 2)..]) + 1;
            position += 4;
        }

        if (!hasRuns || containers >= NoOffsetThreshold)
        {
            position += 4 * containers; // offset header; containers follow one another, so it is not needed.
        }

        for (var i = 0; i < containers; i++)
        {
            var high = (uint)keys[i] << 16;
            var isRun = hasRuns && (runFlags[i / 8] & (1 << (i % 8))) != 0;
            if (isRun)
            {
                var runs = BinaryPrimitives.ReadUInt16LittleEndian(data[position..]);
                position += 2;
                for (var r = 0; r < runs; r++)
                {
                    uint start = BinaryPrimitives.ReadUInt16LittleEndian(data[position..]);
                    uint length = BinaryPrimitives.ReadUInt16LittleEndian(data[(position + 2)..]);
                    position += 4;
                    if (start + length > ushort.MaxValue)
                    {
                        throw new CorruptDataException($"The deletion vector {source} has a Roaring run container whose run passes 65535; it is corrupt.");
                    }

                    for (var v = start; v <= start + length; v++)
                    {
                        add(high | v);
                    }
                }
            }
            else if (cardinalities[i] > MaxArrayContainerCardinality)
            {
                var words = data.Slice(position, BitmapContainerBytes);
                position += BitmapContainerBytes;
                for (var w = 0; w < 1024; w++)
                {
                    var word = BinaryPrimitives.ReadUInt64LittleEndian(words[(w * 8)..]);
                    while (word != 0)
                    {
                        var bit = System.Numerics.BitOperations.TrailingZeroCount(word);
                        add(high | (uint)(w * 64 + bit));
                        word &= word - 1;
                    }
                }
            }
            else
            {
                for (var k = 0; k < cardinalities[i]; k++)
                {
                    add(high | BinaryPrimitives.ReadUInt16LittleEndian(data[(position + 2 * k)..]));
                }

                position += 2 * cardinalities[i];
            }
        }

        return position;
    }
}
