using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Iceberg.Tests.Support;

namespace Orasi.Connectors.Iceberg.Tests.Spec;

public sealed class ManifestListTests
{
    [Theory]
    [InlineData("iceberg-rust/manifests_lists/manifest-list-v2-1.avro")]
    [InlineData("iceberg-rust/manifests_lists/manifest-list-v2-2.avro")]
    [InlineData("iceberg-go/testdata/duckdb_v3_manifest_list.avro")]
    public void Manifest_list_fixtures_parse(string relative)
    {
        var path = Path.Combine(Corpus.Fixtures, relative);
        var list = ManifestReader.ReadManifestList(File.ReadAllBytes(path), path);
        Assert.NotEmpty(list);
        Assert.All(list, m =>
        {
            Assert.False(string.IsNullOrEmpty(m.ManifestPath));
            Assert.True(m.ManifestLength > 0);
            Assert.True(m.SequenceNumber >= m.MinSequenceNumber);
        });
    }

    [Fact]
    public void Garbage_is_refused_as_corrupt()
    {
        var ex = Assert.Throws<CorruptDataException>(() => ManifestReader.ReadManifestList(new byte[] { 1, 2, 3, 4, 5 }, "x.avro"));
        Assert.Contains("x.avro", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manifest_entries_inherit_sequence_numbers_and_snapshot_ids()
    {
        await using var table = await TableReader.LoadAsync("equality_deletes/warehouse/mydb/mytable");
        var manifests = await table.ManifestsAsync();
        Assert.Contains(manifests, m => m.Content == ManifestContent.Deletes);
        var entries = await table.EntriesAsync();
        Assert.All(entries, e => Assert.NotNull(e.SnapshotId));
        var eq = entries.Where(e => e.DataFile.Content == DataFileContent.EqualityDeletes).ToList();
        Assert.Equal(4, eq.Count);
        Assert.All(eq, e => Assert.Subset(new HashSet<int> { 1, 2, 3 }, e.DataFile.EqualityIds!.ToHashSet()));
        Assert.Contains(eq, e => e.DataFile.EqualityIds!.SequenceEqual([1, 2]));
        var data = entries.Where(e => e.DataFile.Content == DataFileContent.Data).ToList();
        Assert.All(eq, d => Assert.True(d.SequenceNumber > data.Min(x => x.SequenceNumber)));
        Assert.All(entries, e => Assert.InRange(e.SequenceNumber, 1, table.Metadata.LastSequenceNumber));
    }
}
