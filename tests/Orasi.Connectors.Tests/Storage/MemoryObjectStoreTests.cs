using System.Text;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.Tests.Storage;

public sealed class MemoryObjectStoreTests : ObjectStoreContractTests
{
    private readonly string _name = "test-" + Guid.NewGuid().ToString("N");

    protected override Task<IObjectStore> CreateStoreAsync() =>
        Task.FromResult(ObjectStoreFactory.Open($"memory://{_name}"));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        MemoryObjectStore.Drop(_name);
    }

    [Fact]
    public async Task Stores_with_the_same_name_share_objects_and_prefixes_isolate()
    {
        await Store.PutAsync("tables/t1/file.bin", Bytes("shared"));

        await using var reopened = ObjectStoreFactory.Open($"memory://{_name}");
        Assert.Equal("shared", Encoding.UTF8.GetString((await reopened.GetAsync("tables/t1/file.bin")).Span));

        await using var prefixed = ObjectStoreFactory.Open($"memory://{_name}/tables/t1");
        Assert.Equal(new Uri($"memory://{_name}/tables/t1"), prefixed.Root);
        Assert.Equal(["file.bin"], await ToListAsync(prefixed.ListAsync("")));
        Assert.True(await prefixed.PutIfAbsentAsync("new.bin", Bytes("n")));
        Assert.NotNull(await Store.HeadAsync("tables/t1/new.bin"));

        await using var other = ObjectStoreFactory.Open($"memory://{_name}-other");
        Assert.Null(await other.HeadAsync("tables/t1/file.bin"));
        MemoryObjectStore.Drop($"{_name}-other");
    }

    [Fact]
    public async Task Drop_forgets_the_shared_store()
    {
        await Store.PutAsync("x", Bytes("x"));
        MemoryObjectStore.Drop(_name);
        await using var reopened = new MemoryObjectStore(_name);
        Assert.Null(await reopened.HeadAsync("x"));
    }

    private static async Task<List<string>> ToListAsync(IAsyncEnumerable<ObjectMetadata> items)
    {
        var result = new List<string>();
        await foreach (var item in items)
        {
            result.Add(item.Path);
        }

        return result;
    }
}
