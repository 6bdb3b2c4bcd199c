using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.DeltaLake.Tests.Support;

namespace Orasi.Connectors.DeltaLake.Tests.Protocol;

public class DeletionVectorTests
{
    [Fact]
    public void Spec_example_u_descriptor_resolves_prefix_and_uuid()
    {
        var dv = new DeletionVectorDescriptor { StorageType = "u", PathOrInlineDv = "ab^-aqEH.-t@S}K{vb[*k^", Offset = 4, SizeInBytes = 40, Cardinality = 6 };
        Assert.Equal("ab/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin", dv.RelativePath());
        Assert.Equal("s3://mytable/ab/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin", dv.AbsolutePath(new Uri("s3://mytable/")).ToString());
        Assert.Equal("uab^-aqEH.-t@S}K{vb[*k^@4", dv.UniqueId);
    }

    [Fact]
    public void Inline_descriptor_has_no_path_and_unique_id_without_offset()
    {
        var dv = new DeletionVectorDescriptor { StorageType = "i", PathOrInlineDv = "wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L", SizeInBytes = 40, Cardinality = 6 };
        Assert.Equal("iwi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L", dv.UniqueId);
        Assert.Throws<InvalidOperationException>(() => dv.AbsolutePath(new Uri("s3://t/")));
    }

    [Fact]
    public void Absolute_p_descriptor_uses_its_path()
    {
        var dv = new DeletionVectorDescriptor { StorageType = "p", PathOrInlineDv = "s3://mytable/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin", Offset = 4, SizeInBytes = 40, Cardinality = 6 };
        Assert.Equal("s3://mytable/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin", dv.AbsolutePath(new Uri("s3://other/")).ToString());
    }

    [Theory]
    [InlineData("dv-with-columnmapping")]
    [InlineData("log-replay-dv-key-cases")]
    public void Every_u_descriptor_in_a_corpus_log_points_at_an_existing_file(string table)
    {
        var root = Corpus.Table(table);
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "_delta_log"), "*.json"))
        {
            foreach (var action in DeltaActionSerializer.ParseCommit(File.ReadAllBytes(file), file))
            {
                var dv = action switch { AddFile a => a.DeletionVector, RemoveFile r => r.DeletionVector, _ => null };
                if (dv is { StorageType: "u" })
                {
                    count++;
                    Assert.True(File.Exists(Path.Combine(root, dv.RelativePath())), $"{dv.PathOrInlineDv} -> {dv.RelativePath()} missing");
                }
            }
        }

        Assert.True(count > 0, "the corpus table should contain 'u' deletion vectors");
    }

    [Fact]
    public void Z85_round_trips_and_rejects_bad_input()
    {
        var bytes = Guid.NewGuid().ToByteArray();
        Assert.Equal(bytes, Z85.Decode(Z85.Encode(bytes)));
        Assert.Equal("HelloWorld", Z85.Encode([0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B]));
        Assert.Throws<FormatException>(() => Z85.Decode("abc"));
        Assert.Throws<FormatException>(() => Z85.Decode("abc\"d"));
        var corrupt = new DeletionVectorDescriptor { StorageType = "u", PathOrInlineDv = "short", SizeInBytes = 1, Cardinality = 1 };
        Assert.Throws<CorruptDataException>(() => corrupt.RelativePath());
    }
}
