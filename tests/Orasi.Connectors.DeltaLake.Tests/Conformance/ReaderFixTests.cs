using System.Text;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.DeltaLake.Tests.Support;

namespace Orasi.Connectors.DeltaLake.Tests.Conformance;

/// <summary>Regression tests for the reader bugs the corpus sweep found.</summary>
public class ReaderFixTests
{
    private static readonly Uri Root = new("file:///tmp/table/");

    [Theory]
    [InlineData("file:{{FOLDER_WITH_SPECIAL_CHAR}}/test%25dv.bin")]
    [InlineData("s3://bucket name with spaces/x")]
    public void An_unparsable_absolute_path_is_corrupt_data_not_a_UriFormatException(string path)
    {
        var ex = Assert.Throws<CorruptDataException>(() => DeltaPaths.ToAbsoluteUri(path, Root));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Throws<CorruptDataException>(() => DeltaPaths.ToTablePath(path, Root));
    }

    [Fact]
    public void An_unparsable_absolute_deletion_vector_path_is_corrupt_data()
    {
        var dv = new DeletionVectorDescriptor { StorageType = "p", PathOrInlineDv = "file:{{X}}/dv.bin", SizeInBytes = 10, Cardinality = 1 };
        Assert.Throws<CorruptDataException>(() => dv.AbsolutePath(Root));
    }

    [Fact]
    public void A_metadata_action_without_schemaString_parses_and_only_its_schema_is_refused()
    {
        const string commit = """{"metaData":{"id":"abc","format":{"provider":"parquet","options":{}},"partitionColumns":[],"configuration":{}}}""";
        var metadata = Assert.IsType<Metadata>(Assert.Single(DeltaActionSerializer.ParseCommit(Encoding.UTF8.GetBytes(commit), "00000000000000000000.json")));
        Assert.Equal(string.Empty, metadata.SchemaString);
        var ex = Assert.Throws<CorruptDataException>(() => metadata.ParseSchema());
        Assert.Contains("'abc'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no schemaString", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_superseded_metadata_without_schemaString_does_not_block_the_latest_snapshot()
    {
        // delta-rs/delta-live-table: DLT's first metaData has no schemaString; a later one carries the schema.
        using var temp = new Orasi.Testing.TempDirectory();
        var log = Directory.CreateDirectory(Path.Combine(temp.Path, "_delta_log")).FullName;
        await File.WriteAllTextAsync(Path.Combine(log, "00000000000000000000.json"), """
            {"protocol":{"minReaderVersion":1,"minWriterVersion":2}}
            {"metaData":{"id":"t","format":{"provider":"parquet","options":{}},"partitionColumns":[],"configuration":{}}}

            """);
        await File.WriteAllTextAsync(Path.Combine(log, "00000000000000000001.json"), """
            {"metaData":{"id":"t","format":{"provider":"parquet","options":{}},"schemaString":"{\"type\":\"struct\",\"fields\":[{\"name\":\"a\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}}]}","partitionColumns":[],"configuration":{}}}

            """);
        await using var table = await DeltaTable.OpenAsync(temp.Path);
        var latest = await table.GetSnapshotAsync();
        Assert.Equal("a", Assert.Single(latest.Schema.FieldsList).Name);
        Assert.Empty(await ScanHelpers.CollectAsync(latest.ScanAsync()));

        var ex = await Assert.ThrowsAsync<CorruptDataException>(() => table.GetSnapshotAsync(0));
        Assert.Contains("no schemaString", ex.Message, StringComparison.Ordinal);
    }
}
