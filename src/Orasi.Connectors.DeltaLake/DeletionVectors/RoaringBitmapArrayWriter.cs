using System.Buffers.Binary;
using Orasi.Connectors.DeltaLake.Scan;

namespace Orasi.Connectors.DeltaLake.DeletionVectors;

/// <summary>
/// Serializes a set of row indexes in Delta's portable RoaringBitmapArray format (the format
/// <see cref="RoaringBitmapArray"/> reads): the little-endian magic number, a 64-bit bitmap count, then per distinct
/// high 32 bits a 32-bit key and a portable 32-bit Roaring bitmap without run containers (array containers up to
/// 4096 values, bitmap containers above).
/// </summary>
internal static class RoaringBitmapArrayWriter
{
    private const uint SerialCookieNoRunContainer = 12346;
    private const int MaxArrayContainerCardinality = 4096;
    private const int BitmapContainerBytes = 8192;

    /// <summary>Serializes <paramref name="rows"/> (any order, duplicates ignored; each must be non-negative).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A row index is negative.</exception>
    public static byte[] Serialize(IEnumerable<long> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sorted = new SortedSet<long>();
        foreach (var row in rows)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(row);
            sorted.Add(row);
        }

        var bitmaps = sorted.GroupBy(r => (uint)(r >> 32)).ToList();
        using var output = new MemoryStream();
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(header, RoaringBitmapArray.Magic);
        BinaryPrimitives.WriteInt64LittleEndian(header[4..], bitmaps.Count);
        output.Write(header);
        Span<byte> key = stackalloc byte[4];
        foreach (var bitmap in bitmaps)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(key, bitmap.Key);
            output.Write(key);
            WriteRoaring32(output, bitmap.Select(r => (uint)(r & 0xFFFFFFFF)).ToList());
        }

        return output.ToArray();
    }

    /// <summary>Writes one portable 32-bit Roaring bitmap of ascending, distinct <paramref name="values"/>.</summary>
    private static void WriteRoaring32(Stream output, List<uint> values)
    {
        var containers = values.GroupBy(v => (ushort)(v >> 16)).Select(g => (Key: g.Key, Values: g.Select(v => (ushort)(v & 0xFFFF)).ToList())).ToList();
        var headerSize = 8 + 4 * containers.Count + 4 * containers.Count;
        var header = new byte[headerSize];
        BinaryPrimitives.WriteUInt32LittleEndian(header, SerialCookieNoRunContainer);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)containers.Count);
        var position = 8;
        foreach (var (containerKey, containerValues) in containers)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(position), containerKey);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(position + 2), (ushort)(containerValues.Count - 1));
            position += 4;
        }

        // Offsets of each container from the start of this bitmap's serialization.
        var offset = headerSize;
        foreach (var (_, containerValues) in containers)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(position), (uint)offset);
            position += 4;
            offset += containerValues.Count > MaxArrayContainerCardinality ? BitmapContainerBytes : 2 * containerValues.Count;
        }

        output.Write(header);
        foreach (var (_, containerValues) in containers)
        {
            if (containerValues.Count > MaxArrayContainerCardinality)
            {
                var words = new byte[BitmapContainerBytes];
                foreach (var v in containerValues)
                {
                    words[v >> 3] |= (byte)(1 << (v & 7));
                }

                output.Write(words);
            }
            else
            {
                var array = new byte[2 * containerValues.Count];
                for (var i = 0; i < containerValues.Count; i++)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(array.AsSpan(2 * i), containerValues[i]);
                }

                output.Write(array);
            }
        }
    }
}
