using System.Text;
using Orasi.Connectors.Storage;
using Orasi.Testing;

namespace Orasi.Connectors.Tests.Storage;

public sealed class LocalFileObjectStoreTests : ObjectStoreContractTests
{
    private readonly TempDirectory _directory = new("orasi-store");

    protected override Task<IObjectStore> CreateStoreAsync() =>
        Task.FromResult(ObjectStoreFactory.Open(new Uri(_directory.Path).AbsoluteUri));

    protected override Task AssertNoPendingWritesAsync()
    {
        var leftovers = Directory.EnumerateFiles(_directory.Path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(f => Path.GetFileName(f).Contains(".tmp-", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(leftovers);
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Objects_are_plain_files_under_the_root()
    {
        await Store.PutAsync("a/b/c.txt", Bytes("file content"));
        Assert.Equal("file content", await File.ReadAllTextAsync(_directory.Combine("a", "b", "c.txt")));
        Assert.Equal(_directory.Path, ((LocalFileObjectStore)Store).RootDirectory);
    }

    [Fact]
    public async Task Temporary_and_hidden_files_are_handled_when_listing()
    {
        await Store.PutAsync("dir/real.txt", Bytes("r"));
        await File.WriteAllTextAsync(_directory.Combine("dir", $".real.txt.tmp-{Guid.NewGuid():N}"), "partial");
        await File.WriteAllTextAsync(_directory.Combine("dir", ".hoodie_properties"), "hidden but real");

        Assert.Equal(["dir/.hoodie_properties", "dir/real.txt"], (await ListAllAsync("")).Select(m => m.Path));
    }

    [Fact]
    public async Task Put_if_absent_from_separate_store_instances_is_atomic()
    {
        var stores = Enumerable.Range(0, 8).Select(_ => new LocalFileObjectStore(_directory.Path)).ToList();
        for (var version = 0; version < 20; version++)
        {
            var path = $"_delta_log/{version:D20}.json";
            var results = await Task.WhenAll(stores.Select((s, i) => Task.Run(() => s.PutIfAbsentAsync(path, Bytes($"store-{i}")))));
            Assert.Equal(1, results.Count(r => r));
            var winner = Array.IndexOf(results, true);
            Assert.Equal($"store-{winner}", await File.ReadAllTextAsync(_directory.Combine("_delta_log", $"{version:D20}.json")));
        }

        await AssertNoPendingWritesAsync();
    }

    [Fact]
    public async Task Put_if_absent_never_replaces_a_file_created_by_someone_else()
    {
        Directory.CreateDirectory(_directory.Combine("log"));
        await File.WriteAllTextAsync(_directory.Combine("log", "1.json"), "external");
        Assert.False(await Store.PutIfAbsentAsync("log/1.json", Bytes("mine")));
        Assert.Equal("external", await File.ReadAllTextAsync(_directory.Combine("log", "1.json")));
        Assert.True(NativeFileLink.TryMoveNoReplace(WriteTemp("a"), _directory.Combine("log", "2.json")));
        var temp = WriteTemp("b");
        Assert.False(NativeFileLink.TryMoveNoReplace(temp, _directory.Combine("log", "2.json")));
        Assert.Equal("a", await File.ReadAllTextAsync(_directory.Combine("log", "2.json")));
        Assert.True(File.Exists(temp));
    }

    [Fact]
    public void Relative_and_bare_paths_resolve_against_the_current_directory()
    {
        var relative = Path.Combine("relative-" + Guid.NewGuid().ToString("N"), "lake");
        var store = (LocalFileObjectStore)ObjectStoreFactory.Open(relative);
        Assert.Equal(Path.GetFullPath(relative), store.RootDirectory);
        Assert.False(Directory.Exists(store.RootDirectory)); // created on first write only

        var bare = (LocalFileObjectStore)ObjectStoreFactory.Open(_directory.Path);
        Assert.Equal(_directory.Path, bare.RootDirectory);
        Assert.Equal("file", bare.Root.Scheme);
    }

    private string WriteTemp(string text)
    {
        var path = _directory.Combine($"src-{Guid.NewGuid():N}");
        File.WriteAllText(path, text, Encoding.UTF8);
        return path;
    }
}
