using Orasi.Connectors.Storage;

namespace Orasi.Connectors.Tests.Storage;

public sealed class StoragePathTests
{
    [Theory]
    [InlineData(new[] { "a", "b", "c" }, "a/b/c")]
    [InlineData(new[] { "a/", "/b", "", "c/" }, "a/b/c")]
    [InlineData(new[] { "//a//b//" }, "a/b")]
    [InlineData(new string[0], "")]
    public void Join_collapses_slashes(string[] parts, string expected) =>
        Assert.Equal(expected, StoragePath.Join(parts));

    [Theory]
    [InlineData("a/../b")]
    [InlineData("./a")]
    [InlineData("..")]
    public void Dot_segments_are_rejected(string path)
    {
        var error = Assert.Throws<ValidationFailedException>(() => StoragePath.Normalize(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Object_paths_must_not_be_empty()
    {
        Assert.Throws<ValidationFailedException>(() => StoragePath.ToObjectPath("/"));
        Assert.Equal("a/b", StoragePath.ToObjectPath("/a//b/"));
    }

    [Fact]
    public void Prefixes_keep_a_trailing_slash()
    {
        Assert.Equal("a/b/", StoragePath.ToPrefix("/a//b/"));
        Assert.Equal("a/b", StoragePath.ToPrefix("a/b"));
        Assert.Equal("", StoragePath.ToPrefix("/"));
        Assert.Equal("", StoragePath.ToPrefix(null));
    }

    [Fact]
    public void Parent_and_file_name_split_at_the_last_slash()
    {
        Assert.Equal("a/b", StoragePath.Parent("a/b/c.json"));
        Assert.Equal("", StoragePath.Parent("c.json"));
        Assert.Equal("c.json", StoragePath.FileName("a/b/c.json"));
    }
}
