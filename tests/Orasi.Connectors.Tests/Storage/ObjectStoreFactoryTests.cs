using Orasi.Connectors.Storage;
using Orasi.Testing;

namespace Orasi.Connectors.Tests.Storage;

public sealed class ObjectStoreFactoryTests
{
    private static readonly Dictionary<string, string> DummyS3 = new()
    {
        ["aws_region"] = "us-east-1",
        ["aws_access_key_id"] = "AKIDEXAMPLE",
        ["aws_secret_access_key"] = "secret",
    };

    [Fact]
    public async Task Memory_uris_open_memory_stores()
    {
        var name = "factory-" + Guid.NewGuid().ToString("N");
        await using var store = ObjectStoreFactory.Open($"memory://{name}/sub/dir");
        var memory = Assert.IsType<MemoryObjectStore>(store);
        Assert.Equal(name, memory.Name);
        Assert.Equal(new Uri($"memory://{name}/sub/dir"), store.Root);
        MemoryObjectStore.Drop(name);
    }

    [Fact]
    public async Task File_uris_and_paths_open_local_stores()
    {
        using var directory = new TempDirectory();
        await using var fromUri = ObjectStoreFactory.Open(new Uri(directory.Path).AbsoluteUri);
        await using var fromPath = ObjectStoreFactory.Open(directory.Path);
        Assert.Equal(directory.Path, Assert.IsType<LocalFileObjectStore>(fromUri).RootDirectory);
        Assert.Equal(directory.Path, Assert.IsType<LocalFileObjectStore>(fromPath).RootDirectory);

        await fromUri.PutAsync("x.txt", "x"u8.ToArray());
        Assert.NotNull(await fromPath.HeadAsync("x.txt"));
    }

    [Theory]
    [InlineData("s3://my-bucket/tables/events", "my-bucket", "s3://my-bucket/tables/events")]
    [InlineData("s3a://my-bucket/tables/", "my-bucket", "s3://my-bucket/tables")]
    [InlineData("s3://my-bucket", "my-bucket", "s3://my-bucket")]
    public async Task S3_uris_open_s3_stores(string uri, string bucket, string root)
    {
        await using var store = ObjectStoreFactory.Open(uri, DummyS3);
        var s3 = Assert.IsType<S3ObjectStore>(store);
        Assert.Equal(bucket, s3.Bucket);
        Assert.Equal(new Uri(root), store.Root);
    }

    [Theory]
    [InlineData("gs://bucket/path", "gs")]
    [InlineData("abfss://container@account.dfs.core.windows.net/x", "abfss")]
    [InlineData("hdfs://namenode/path", "hdfs")]
    public void Unknown_schemes_are_unsupported(string uri, string scheme)
    {
        var error = Assert.Throws<UnsupportedFeatureException>(() => ObjectStoreFactory.Open(uri));
        Assert.Contains($"'{scheme}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("s3://")]
    [InlineData("s3:///path")]
    [InlineData("memory://")]
    public void Malformed_uris_fail_validation(string uri) =>
        Assert.Throws<ValidationFailedException>(() => ObjectStoreFactory.Open(uri, DummyS3));

    [Fact]
    public void Invalid_storage_options_fail_before_any_request()
    {
        var error = Assert.Throws<ValidationFailedException>(() =>
            ObjectStoreFactory.Open("s3://bucket/x", new Dictionary<string, string> { ["list_page_size"] = "5000" }));
        Assert.Contains("list_page_size", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_local_store_rooted_at_the_file_system_root_lists_full_paths()
    {
        using var dir = new Orasi.Testing.TempDirectory("root-store");
        await File.WriteAllTextAsync(dir.Combine("probe.txt"), "x");
        await using var store = ObjectStoreFactory.Open("/");

        var prefix = dir.Path.TrimStart('/') + "/";
        var listed = new List<string>();
        await foreach (var entry in store.ListAsync(prefix))
        {
            listed.Add(entry.Path);
        }

        Assert.Equal([prefix + "probe.txt"], listed);
        Assert.NotNull(await store.HeadAsync(prefix + "probe.txt"));
    }
}
