using Orasi.Connectors.Iceberg.Scan;
using Orasi.Connectors.Iceberg.Tests.Support;

namespace Orasi.Connectors.Iceberg.Tests.Scan;

/// <summary>Deletion vectors and Roaring bitmaps against the Iceberg Java golden files.</summary>
public sealed class DeletionVectorTests
{
    private const long ContainerOffset = 1L << 16;
    private const long BitmapOffset = 1L << 32;

    private static string Deletes(string name) => Path.Combine(Corpus.Fixtures, "iceberg-java-core", "org", "apache", "iceberg", "deletes", name);

    private static RoaringPositionBitmap Blob(string name)
    {
        var bytes = File.ReadAllBytes(Deletes(name));
        return DeletionVectorReader.ReadBlob(bytes, name);
    }

    [Fact]
    public void Empty_index() => Assert.Equal(0, Blob("empty-position-index.bin").Cardinality);

    [Fact]
    public void Small_alternating_values() => Assert.Equal([1L, 3, 5, 7, 9], Blob("small-alternating-values-position-index.bin").Positions());

    [Fact]
    public void Small_and_large_values() =>
        Assert.Equal([100L, 101, int.MaxValue + 100L, int.MaxValue + 101L], Blob("small-and-large-values-position-index.bin").Positions());

    [Fact]
    public void All_container_types()
    {
        var bitmap = Blob("all-container-types-position-index.bin");
        var expected = new List<long> { 5, 7 };
        expected.AddRange(Range(ContainerOffset + 1, ContainerOffset + 1000));
        expected.AddRange(Range((2 * ContainerOffset) + 1, (3 * ContainerOffset) - 1));
        expected.AddRange([BitmapOffset + 10, BitmapOffset + 20]);
        expected.AddRange(Range(BitmapOffset + ContainerOffset + 10, BitmapOffset + ContainerOffset + 500));
        expected.AddRange(Range(BitmapOffset + (2 * ContainerOffset) + 1, BitmapOffset + (3 * ContainerOffset) - 1));
        Assert.Equal(expected.Count, bitmap.Cardinality);
        Assert.Equal(expected, bitmap.Positions());
        Assert.True(bitmap.Contains(BitmapOffset + 20));
        Assert.False(bitmap.Contains(BitmapOffset + 21));
        Assert.False(bitmap.Contains(6));
    }

    [Fact]
    public void Corrupt_crc_is_refused()
    {
        var bytes = File.ReadAllBytes(Deletes("small-alternating-values-position-index.bin"));
        bytes[^1] ^= 1;
        var ex = Assert.Throws<CorruptDataException>(() => DeletionVectorReader.ReadBlob(bytes, "dv.puffin"));
        Assert.Contains("CRC", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_magic_is_refused()
    {
        var bytes = File.ReadAllBytes(Deletes("small-alternating-values-position-index.bin"));
        bytes[4] ^= 0xFF;
        Assert.Throws<CorruptDataException>(() => DeletionVectorReader.ReadBlob(bytes, "dv.puffin"));
    }

    [Theory]
    [InlineData("64mapempty.bin", 0)]
    [InlineData("64map32bitvals.bin", -1)]
    [InlineData("64mapspreadvals.bin", -1)]
    public void Portable_64_bit_examples(string name, long expectedCardinality)
    {
        var bitmap = RoaringPositionBitmap.Deserialize(File.ReadAllBytes(Deletes(name)), name);
        var positions = bitmap.Positions().ToList();
        Assert.Equal(bitmap.Cardinality, positions.Count);
        if (expectedCardinality >= 0) Assert.Equal(expectedCardinality, bitmap.Cardinality);
        else Assert.True(bitmap.Cardinality > 0);
        Assert.Equal(positions.Order().Distinct(), positions);
        Assert.All(positions.Take(5000), p => Assert.True(bitmap.Contains(p)));
    }

    [Fact]
    public void Positions_above_the_signed_range_are_refused() =>
        Assert.Throws<CorruptDataException>(() => RoaringPositionBitmap.Deserialize(File.ReadAllBytes(Deletes("64maphighvals.bin")), "64maphighvals.bin"));

    [Theory]
    [InlineData("single-blob-dv.puffin")]
    [InlineData("multi-blob-dv.puffin")]
    public void Puffin_deletion_vectors_match_their_cardinality(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Corpus.Fixtures, "iceberg-go", "dv-testdata", "deletes", name));
        var blobs = PuffinReader.ReadBlobs(bytes, name);
        Assert.NotEmpty(blobs);
        foreach (var blob in blobs)
        {
            Assert.Equal("deletion-vector-v1", blob.Type);
            Assert.Null(blob.CompressionCodec);
            Assert.True(blob.Properties.ContainsKey("referenced-data-file"));
            var bitmap = DeletionVectorReader.ReadBlob(bytes.AsSpan((int)blob.Offset, (int)blob.Length), name);
            Assert.Equal(long.Parse(blob.Properties["cardinality"], System.Globalization.CultureInfo.InvariantCulture), bitmap.Cardinality);
        }
    }

    [Fact]
    public void Puffin_statistics_file_footer_is_read()
    {
        var path = Path.Combine(Corpus.Fixtures, "iceberg-java-core", "org", "apache", "iceberg", "puffin", "v1", "sample-metric-data-uncompressed.bin");
        var blobs = PuffinReader.ReadBlobs(File.ReadAllBytes(path), path);
        Assert.Equal(2, blobs.Count);
        Assert.Empty(PuffinReader.ReadBlobs(File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(path)!, "empty-puffin-uncompressed.bin")), "empty"));
    }

    private static IEnumerable<long> Range(long start, long endExclusive)
    {
        for (var p = start; p < endExclusive; p++) yield return p;
    }
}
