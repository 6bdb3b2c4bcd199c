using System.Buffers.Binary;

namespace Orasi.Connectors.Iceberg.Scan;

/// <summary>Reads a <c>deletion-vector-v1</c> blob (length, magic <c>D1 D3 39 64</c>, Roaring bitmap, CRC-32).</summary>
internal static class DeletionVectorReader
{
    /// <summary>The four bytes at the start and end of a Puffin file.</summary>
    public static ReadOnlySpan<byte> PuffinMagic => [0x50, 0x46, 0x41, 0x31];

    private static ReadOnlySpan<byte> BlobMagic => [0xD1, 0xD3, 0x39, 0x64];

    /// <exception cref="CorruptDataException">The blob's length, magic or checksum is wrong, or the bitmap is invalid.</exception>
    public static RoaringPositionBitmap ReadBlob(ReadOnlySpan<byte> blob, string source)
    {
        if (blob.Length < 12)
        {
            throw new CorruptDataException($"Deletion vector in '{source}' is only {blob.Length} bytes; the delete file is corrupt.");
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(blob);
        if (length != blob.Length - 8)
        {
            throw new CorruptDataException($"Deletion vector in '{source}' declares {length} bytes of magic and bitmap but the blob holds {blob.Length - 8}; the delete file is corrupt.");
        }

        if (!blob.Slice(4, 4).SequenceEqual(BlobMagic))
        {
            throw new CorruptDataException($"Deletion vector in '{source}' has the wrong magic bytes; it is not a deletion-vector-v1 blob.");
        }

        var expected = BinaryPrimitives.ReadUInt32BigEndian(blob[^4..]);
        var actual = Crc32.Compute(blob.Slice(4, length));
        if (expected != actual)
        {
            throw new CorruptDataException($"Deletion vector in '{source}' fails its CRC-32 check; the delete file is corrupt.");
        }

        return RoaringPositionBitmap.Deserialize(blob.Slice(8, length - 4), source);
    }
}
