using System.Buffers.Binary;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.DeltaLake.Scan;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.DeltaLake.Tests.Scan;

/// <summary>Hand-built RoaringBitmapArray bytes in each container kind, and deletion vector files with checksums.</summary>
public class RoaringBitmapArrayTests
{
    private sealed class Bytes
    {
        private readonly List<byte> _data = [];

        public Bytes U16(int v) { Span<byte> b = stackalloc byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)v); _data.AddRange(b.ToArray()); return this; }

        public Bytes U32(uint v) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); _data.AddRange(b.ToArray()); return this; }

        public Bytes U64(ulong v) { Span<byte> b = stackalloc byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(b, v); _data.AddRange(b.ToArray()); return this; }

        public Bytes Raw(IEnumerable<byte> bytes) { _data.AddRange(bytes); return this; }

        public byte[] ToArray() => _data.ToArray();
    }

    // Array container (no run cookie): values 1, 5, 65535 under container key 0, and 65536+3 under key 1.
    private static byte[] ArrayBitmap() => new Bytes()
        .U32(12346).U32(2)
        .U16(0).U16(3 - 1).U16(1).U16(1 - 1)
        .U32(0).U32(0) // offsets (ignored)
        .U16(1).U16(5).U16(65535)
        .U16(3)
        .ToArray();

    // Bitmap container: 5000 values (every even number below 10000) under key 2.
    private static byte[] BitmapBitmap()
    {
        var words = new ulong[1024];
        for (var v = 0; v < 10000; v += 2)
        {
            words[v / 64] |= 1UL << (v % 64);
        }

        var b = new Bytes().U32(12346).U32(1).U16(2).U16(5000 - 1).U32(0);
        foreach (var w in words)
        {
            b.U64(w);
        }

        return b.ToArray();
    }

    // Run cookie with 2 containers (< 4, so no offset header): key 0 is a run container [10..14] and [100..100],
    // key 7 is an array container {42}.
    private static byte[] RunBitmap() => new Bytes()
        .U32(12347u | ((2u - 1) << 16))
        .Raw([0b01])
        .U16(0).U16(6 - 1).U16(7).U16(1 - 1)
        .U16(2).U16(10).U16(4).U16(100).U16(0)
        .U16(42)
        .ToArray();

    private static byte[] Array64(params (uint Key, byte[] Bitmap)[] bitmaps)
    {
        var b = new Bytes().U32(RoaringBitmapArray.Magic).U64((ulong)bitmaps.Length);
        foreach (var (key, bitmap) in bitmaps)
        {
            b.U32(key).Raw(bitmap);
        }

        return b.ToArray();
    }

    [Fact]
    public void Array_containers_decode()
    {
        Assert.Equal([1L, 5, 65535, 65539], RoaringBitmapArray.Deserialize(Array64((0, ArrayBitmap())), "test"));
    }

    [Fact]
    public void Bitmap_containers_decode()
    {
        var values = RoaringBitmapArray.Deserialize(Array64((0, BitmapBitmap())), "test");
        Assert.Equal(5000, values.Length);
        Assert.Equal(Enumerable.Range(0, 5000).Select(i => (2L << 16) + 2 * i), values);
    }

    [Fact]
    public void Run_containers_decode_and_high_keys_shift_by_32_bits()
    {
        var values = RoaringBitmapArray.Deserialize(Array64((0, RunBitmap()), (3, ArrayBitmap())), "test");
        var high = 3L << 32;
        Assert.Equal([10L, 11, 12, 13, 14, 100, (7L << 16) + 42, high + 1, high + 5, high + 65535, high + 65539], values);
    }

    [Fact]
    public void Run_cookie_with_four_containers_skips_the_offset_header()
    {
        var b = new Bytes().U32(12347u | (3u << 16)).Raw([0b1111]);
        for (var k = 0; k < 4; k++)
        {
            b.U16(k).U16(2 - 1);
        }

        b.U32(0).U32(0).U32(0).U32(0);
        for (var k = 0; k < 4; k++)
        {
            b.U16(1).U16(k).U16(1);
        }

        var values = RoaringBitmapArray.Deserialize(Array64((0, b.ToArray())), "test");
        Assert.Equal(Enumerable.Range(0, 4).SelectMany(k => new[] { ((long)k << 16) + k, ((long)k << 16) + k + 1 }), values);
    }

    [Fact]
    public void Bad_magic_and_truncation_are_corrupt()
    {
        var good = Array64((0, ArrayBitmap()));
        var badMagic = (byte[])good.Clone();
        badMagic[0] ^= 0xFF;
        Assert.Throws<CorruptDataException>(() => RoaringBitmapArray.Deserialize(badMagic, "test"));
        Assert.Throws<CorruptDataException>(() => RoaringBitmapArray.Deserialize(good.AsSpan(0, good.Length - 3), "test"));
        var badCookie = Array64((0, new Bytes().U32(999).U32(0).ToArray()));
        Assert.Throws<CorruptDataException>(() => RoaringBitmapArray.Deserialize(badCookie, "test"));
    }

    [Fact]
    public void Empty_array_has_no_rows()
    {
        Assert.Empty(RoaringBitmapArray.Deserialize(Array64(), "test"));
    }

    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
    }

    [Fact]
    public async Task Inline_vectors_decode_from_z85()
    {
        var data = Array64((0, ArrayBitmap()));
        var padded = data.Concat(new byte[(4 - data.Length % 4) % 4]).ToArray();
        var dv = new DeletionVectorDescriptor { StorageType = "i", PathOrInlineDv = Z85.Encode(padded), SizeInBytes = data.Length, Cardinality = 4 };
        await using var store = ObjectStoreFactory.Open("memory://dv-inline-" + Guid.NewGuid().ToString("N"));
        var decoded = await DeletionVectorReader.ReadAsync(store, dv, "f.parquet", CancellationToken.None);
        Assert.Equal(new long[] { 1, 5, 65535, 65539 }, decoded);
        await Assert.ThrowsAsync<CorruptDataException>(() => DeletionVectorReader.ReadAsync(store, dv with { Cardinality = 3 }, "f.parquet", CancellationToken.None));
    }

    [Fact]
    public async Task Vector_files_are_read_at_their_offset_with_checksum()
    {
        var first = Array64((0, RunBitmap()));
        var second = Array64((0, ArrayBitmap()));
        var file = new List<byte> { 1 };
        var offsets = new List<int>();
        foreach (var vector in new[] { first, second })
        {
            offsets.Add(file.Count);
            var size = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(size, vector.Length);
            var crc = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.Compute(vector));
            file.AddRange(size);
            file.AddRange(vector);
            file.AddRange(crc);
        }

        var uuid = Guid.NewGuid();
        var dv = new DeletionVectorDescriptor
        {
            StorageType = "u",
            PathOrInlineDv = "ab" + Z85.Encode(uuid.ToByteArray(bigEndian: true)),
            Offset = offsets[1],
            SizeInBytes = second.Length,
            Cardinality = 4,
        };
        await using var store = ObjectStoreFactory.Open("memory://dv-file-" + Guid.NewGuid().ToString("N"));
        await store.PutAsync(dv.RelativePath(), file.ToArray());
        var decoded = await DeletionVectorReader.ReadAsync(store, dv, "f.parquet", CancellationToken.None);
        Assert.Equal(new long[] { 1, 5, 65535, 65539 }, decoded);
        var firstDv = dv with { Offset = offsets[0], SizeInBytes = first.Length, Cardinality = 7 };
        Assert.Equal(7, (await DeletionVectorReader.ReadAsync(store, firstDv, "f.parquet", CancellationToken.None)).Length);

        var corrupted = file.ToArray();
        corrupted[offsets[1] + 4 + 13] ^= 0x01;
        await store.PutAsync(dv.RelativePath(), corrupted);
        var ex = await Assert.ThrowsAsync<CorruptDataException>(() => DeletionVectorReader.ReadAsync(store, dv, "f.parquet", CancellationToken.None));
        Assert.Contains("CRC-32", ex.Message, StringComparison.Ordinal);

        await store.DeleteAsync(dv.RelativePath());
        await Assert.ThrowsAsync<CorruptDataException>(() => DeletionVectorReader.ReadAsync(store, dv, "f.parquet", CancellationToken.None));
    }
}
