using Orasi.Connectors.DeltaLake.Protocol;

namespace Orasi.Connectors.DeltaLake.Tests.Protocol;

public class PathTests
{
    [Theory]
    [InlineData("a b", "a b")]
    [InlineData("a=b/c:d", "a%3Db%2Fc%3Ad")]
    [InlineData("100%", "100%25")]
    [InlineData("x#y?z*", "x%23y%3Fz%2A")]
    [InlineData("{[^]}'\"\\", "%7B%5B%5E%5D}%27%22%5C")]
    [InlineData("tab\tdel\u007F", "tab%09del%7F")]
    [InlineData("üñí", "üñí")]
    public void Hive_escaping_matches_spark(string raw, string escaped)
    {
        Assert.Equal(escaped, HivePartitionPath.Escape(raw));
        Assert.Equal(raw, HivePartitionPath.Unescape(escaped));
    }

    [Fact]
    public void Directories_and_segments()
    {
        var dir = HivePartitionPath.Directory(["date", "region"], new Dictionary<string, string?> { ["date"] = "2024-01-01", ["region"] = null });
        Assert.Equal("date=2024-01-01/region=__HIVE_DEFAULT_PARTITION__/", dir);
        Assert.Equal(new KeyValuePair<string, string?>("a=b", "c/d"), HivePartitionPath.ParseSegment("a%3Db=c%2Fd"));
        Assert.Equal(new KeyValuePair<string, string?>("p", null), HivePartitionPath.ParseSegment("p=__HIVE_DEFAULT_PARTITION__"));
        Assert.Equal("100%zz", HivePartitionPath.Unescape("100%zz"));
        Assert.Throws<FormatException>(() => HivePartitionPath.ParseSegment("nope"));
    }

    [Fact]
    public void Action_paths_decode_relative_and_absolute()
    {
        var root = new Uri("file:///data/table/");
        Assert.False(DeltaPaths.IsAbsolute("special%20p@%23h"));
        Assert.Equal("special p@#h", DeltaPaths.ToTablePath("special%20p@%23h", root));
        Assert.Equal("a=1/part-0.parquet", DeltaPaths.ToTablePath("file:/data/table/a=1/part-0.parquet", root));
        Assert.Equal("x y/f.parquet", DeltaPaths.ToTablePath("file:///data/table/x%20y/f.parquet", root));
        Assert.Null(DeltaPaths.ToTablePath("s3://bucket/other/f.parquet", root));
        Assert.Equal("s3://b/t/a%20b/c.parquet", DeltaPaths.ToAbsoluteUri("a%20b/c.parquet", new Uri("s3://b/t")).AbsoluteUri);
        Assert.Equal("a%20b%25/c.parquet", DeltaPaths.EscapeRelativePath("a b%/c.parquet"));
        Assert.Equal("a b%/c.parquet", DeltaPaths.DecodeRelative(DeltaPaths.EscapeRelativePath("a b%/c.parquet")));
    }
}
