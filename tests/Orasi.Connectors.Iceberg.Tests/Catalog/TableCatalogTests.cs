using Apache.Arrow;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Tests.Support;

namespace Orasi.Connectors.Iceberg.Tests.Catalog;

public sealed class TableCatalogTests
{
    [Theory]
    [InlineData("v12.metadata.json", 12L)]
    [InlineData("v3.gz.metadata.json", 3L)]
    [InlineData("00012-5d9111ed-e56c-4ceb-9040-09d3be71926b.metadata.json", 12L)]
    [InlineData("version-hint.text", null)]
    [InlineData("vfinal.metadata.json", null)]
    public void Metadata_versions_are_read_from_names(string name, long? expected) =>
        Assert.Equal(expected, MetadataFileLocator.VersionOf(name));

    [Fact]
    public async Task Hint_and_highest_version_agree()
    {
        await using var withHint = await TableReader.LoadAsync("iceberg/lineitem_iceberg");
        await using var noHint = await TableReader.LoadAsync("iceberg/lineitem_iceberg_no_hint");
        Assert.EndsWith("v2.metadata.json", withHint.MetadataLocation, StringComparison.Ordinal);
        Assert.EndsWith("v2.metadata.json", noHint.MetadataLocation, StringComparison.Ordinal);
        Assert.Equal(withHint.Metadata.CurrentSnapshotId, noHint.Metadata.CurrentSnapshotId);
    }

    [Fact]
    public async Task Loading_a_metadata_file_directly_uses_that_version()
    {
        var path = Corpus.Persistent("equality_deletes/warehouse/mydb/mytable/metadata/v2.metadata.json");
        await using var table = await IcebergTable.LoadAsync(path);
        Assert.Equal(4, await TableReader.CountAsync(table));
    }

    [Fact]
    public async Task Missing_table_is_reported()
    {
        using var dir = new Orasi.Testing.TempDirectory();
        await Assert.ThrowsAsync<TableNotFoundException>(() => IcebergTable.LoadAsync(dir.Path));
    }

    [Fact]
    public async Task Metadata_tables()
    {
        await using var table = await TableReader.LoadAsync("equality_deletes/warehouse/mydb/mytable");
        var snapshots = table.SnapshotsTable();
        Assert.Equal(table.Snapshots.Count, snapshots.Length);
        var history = table.HistoryTable();
        Assert.Equal(table.Metadata.SnapshotLog.Count, history.Length);
        var refs = table.RefsTable();
        Assert.Equal("main", ((StringArray)refs.Column("name")).GetString(0));
        var files = await table.FilesTableAsync();
        var entries = await table.EntriesAsync();
        Assert.Equal(entries.Count, files.Length);
        Assert.Equal(4, ((Int32Array)files.Column("content")).Values.ToArray().Count(c => c == 2)); // 4 equality delete files
        var manifests = await table.ManifestsTableAsync();
        Assert.True(manifests.Length >= 2);
        var partitions = await table.PartitionsTableAsync();
        Assert.Equal(1, partitions.Length);
        Assert.Equal(entries.Where(e => e.DataFile.Content == Orasi.Connectors.Iceberg.Spec.DataFileContent.Data).Sum(e => e.DataFile.RecordCount), ((Int64Array)partitions.Column("record_count")).GetValue(0));
    }
}
