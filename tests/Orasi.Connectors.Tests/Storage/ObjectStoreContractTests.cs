using System.Text;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.Tests.Storage;

/// <summary>The behaviour every <see cref="IObjectStore"/> must have; one subclass per store.</summary>
public abstract class ObjectStoreContractTests : IAsyncLifetime
{
    private IObjectStore? _store;

    protected IObjectStore Store => _store ?? throw new InvalidOperationException("Store not initialized.");

    /// <summary>Size of the streamed object in the multipart test.</summary>
    protected virtual int LargeObjectSize => 20 * 1024 * 1024;

    protected abstract Task<IObjectStore> CreateStoreAsync();

    /// <summary>Asserts that no pending upload or temporary file is left behind.</summary>
    protected virtual Task AssertNoPendingWritesAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public virtual async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    protected static byte[] RandomBytes(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    protected async Task<List<ObjectMetadata>> ListAllAsync(string prefix)
    {
        var result = new List<ObjectMetadata>();
        await foreach (var item in Store.ListAsync(prefix))
        {
            result.Add(item);
        }

        return result;
    }

    [Fact]
    public async Task Put_then_get_and_head_round_trip()
    {
        var content = Bytes("hello object store");
        var put = await Store.PutAsync("dir/sub/hello.txt", content);
        Assert.Equal("dir/sub/hello.txt", put.Path);
        Assert.Equal(content.Length, put.Size);

        Assert.Equal(content, (await Store.GetAsync("dir/sub/hello.txt")).ToArray());
        var head = await Store.HeadAsync("dir/sub/hello.txt");
        Assert.NotNull(head);
        Assert.Equal("dir/sub/hello.txt", head.Path);
        Assert.Equal(content.Length, head.Size);
        Assert.InRange(head.LastModified, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.False(string.IsNullOrEmpty(head.ETag));
    }

    [Fact]
    public async Task Empty_object_round_trips()
    {
        await Store.PutAsync("empty.bin", ReadOnlyMemory<byte>.Empty);
        Assert.Equal(0, (await Store.GetAsync("empty.bin")).Length);
        Assert.Equal(0, (await Store.HeadAsync("empty.bin"))!.Size);
        Assert.Equal(0, (await Store.GetRangeAsync("empty.bin", 0, 10)).Length);
    }

    [Fact]
    public async Task Head_of_missing_object_is_null()
    {
        Assert.Null(await Store.HeadAsync("missing/object.bin"));
    }

    [Fact]
    public async Task Reading_a_missing_object_throws_ObjectNotFound()
    {
        var get = await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.GetAsync("missing/a.bin"));
        Assert.Contains("missing/a.bin", get.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.GetRangeAsync("missing/a.bin", 0, 10));
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.GetRangeAsync("missing/a.bin", 0, 0));
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.OpenReadAsync("missing/a.bin"));
    }

    [Fact]
    public async Task Ranged_get_returns_the_slice_and_clips_at_the_end()
    {
        var content = RandomBytes(1000, 1);
        await Store.PutAsync("range.bin", content);

        Assert.Equal(content[100..150], (await Store.GetRangeAsync("range.bin", 100, 50)).ToArray());
        Assert.Equal(content[990..], (await Store.GetRangeAsync("range.bin", 990, 100)).ToArray());
        Assert.Equal(content, (await Store.GetRangeAsync("range.bin", 0, 1000)).ToArray());
        Assert.Equal(0, (await Store.GetRangeAsync("range.bin", 1000, 10)).Length);
        Assert.Equal(0, (await Store.GetRangeAsync("range.bin", 5000, 10)).Length);
        Assert.Equal(0, (await Store.GetRangeAsync("range.bin", 10, 0)).Length);
    }

    [Fact]
    public async Task Put_overwrites_an_existing_object()
    {
        await Store.PutAsync("over.txt", Bytes("first version, longer"));
        await Store.PutAsync("over.txt", Bytes("second"));
        Assert.Equal("second", Encoding.UTF8.GetString((await Store.GetAsync("over.txt")).Span));
        Assert.Equal(6, (await Store.HeadAsync("over.txt"))!.Size);
        Assert.Single(await ListAllAsync("over"));
    }

    [Fact]
    public async Task Delete_removes_and_deleting_a_missing_object_is_not_an_error()
    {
        await Store.PutAsync("del/x.txt", Bytes("x"));
        await Store.DeleteAsync("del/x.txt");
        Assert.Null(await Store.HeadAsync("del/x.txt"));
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.GetAsync("del/x.txt"));
        await Store.DeleteAsync("del/x.txt");
        await Store.DeleteAsync("never/existed/at/all.txt");
        Assert.Empty(await ListAllAsync("del/"));
    }

    [Fact]
    public async Task List_filters_by_prefix_in_lexicographic_order()
    {
        string[] paths = ["a/b/c", "a/bc/d", "b", "a/b.txt", "a/c", "a/b/a", "ab"];
        foreach (var path in paths)
        {
            await Store.PutAsync(path, Bytes(path + "!"));
        }

        var all = await ListAllAsync("");
        Assert.Equal(paths.Order(StringComparer.Ordinal), all.Select(m => m.Path));
        Assert.All(all, m => Assert.Equal(m.Path.Length + 1, m.Size));

        Assert.Equal(["a/b.txt", "a/b/a", "a/b/c", "a/bc/d"], (await ListAllAsync("a/b")).Select(m => m.Path));
        Assert.Equal(["a/b/a", "a/b/c"], (await ListAllAsync("a/b/")).Select(m => m.Path));
        Assert.Equal(["a/b.txt", "a/b/a", "a/b/c", "a/bc/d", "a/c", "ab"], (await ListAllAsync("a")).Select(m => m.Path));
        Assert.Empty(await ListAllAsync("zzz"));
        Assert.Empty(await ListAllAsync("a/nothing/"));
    }

    [Fact]
    public async Task List_pages_through_many_objects()
    {
        var expected = Enumerable.Range(0, 40).Select(i => $"many/obj-{i:D3}.bin").ToList();
        await Parallel.ForEachAsync(expected, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (path, ct) =>
            await Store.PutAsync(path, Bytes(path), ct));
        await Store.PutAsync("many-other/x", Bytes("x"));

        var listed = await ListAllAsync("many/");
        Assert.Equal(expected, listed.Select(m => m.Path));
        Assert.Equal(41, (await ListAllAsync("")).Count);
    }

    [Fact]
    public async Task Put_if_absent_creates_once_and_leaves_the_existing_object()
    {
        Assert.True(await Store.PutIfAbsentAsync("log/00001.json", Bytes("winner")));
        Assert.False(await Store.PutIfAbsentAsync("log/00001.json", Bytes("loser")));
        Assert.Equal("winner", Encoding.UTF8.GetString((await Store.GetAsync("log/00001.json")).Span));
        Assert.Equal(["log/00001.json"], (await ListAllAsync("log/")).Select(m => m.Path));
        await AssertNoPendingWritesAsync();
    }

    [Fact]
    public async Task Put_if_absent_race_has_exactly_one_winner()
    {
        const int writers = 32;
        using var start = new ManualResetEventSlim(false);
        var tasks = Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
        {
            start.Wait();
            var won = await Store.PutIfAbsentAsync("race/commit.json", Bytes($"writer-{i:D2}-" + new string('x', 100 + i)));
            return (i, won);
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(tasks);

        var winners = results.Where(r => r.won).ToList();
        Assert.Single(winners);
        var content = Encoding.UTF8.GetString((await Store.GetAsync("race/commit.json")).Span);
        Assert.Equal($"writer-{winners[0].i:D2}-" + new string('x', 100 + winners[0].i), content);
        Assert.Single(await ListAllAsync("race/"));
        await AssertNoPendingWritesAsync();
    }

    [Fact]
    public async Task Open_write_streams_a_large_object_that_reads_back_exactly()
    {
        var content = RandomBytes(LargeObjectSize, 7);
        await using (var writer = await Store.OpenWriteAsync("big/data.bin"))
        {
            Assert.Equal("big/data.bin", writer.Path);
            var offset = 0;
            var chunk = 1;
            while (offset < content.Length)
            {
                var size = Math.Min(content.Length - offset, (chunk * 786_433) % 3_000_000 + 1);
                if (chunk % 2 == 0)
                {
                    writer.Write(content, offset, size);
                }
                else
                {
                    await writer.WriteAsync(content.AsMemory(offset, size));
                }

                offset += size;
                chunk++;
            }

            Assert.Null(await Store.HeadAsync("big/data.bin"));
            var metadata = await writer.CompleteAsync();
            Assert.Equal(content.Length, metadata.Size);
        }

        Assert.Equal(content.Length, (await Store.HeadAsync("big/data.bin"))!.Size);
        var whole = await Store.GetAsync("big/data.bin");
        Assert.True(content.AsSpan().SequenceEqual(whole.Span));

        await using var reader = await Store.OpenReadAsync("big/data.bin");
        Assert.True(reader.CanSeek);
        Assert.Equal(content.Length, reader.Length);
        reader.Seek(-8, SeekOrigin.End);
        var footer = new byte[8];
        await reader.ReadExactlyAsync(footer);
        Assert.Equal(content[^8..], footer);
        reader.Position = 12_345;
        var middle = new byte[100_000];
        reader.ReadExactly(middle);
        Assert.Equal(content.AsSpan(12_345, 100_000).ToArray(), middle);
        reader.Position = 0;
        using var copy = new MemoryStream();
        await reader.CopyToAsync(copy);
        Assert.True(content.AsSpan().SequenceEqual(copy.ToArray()));
        await AssertNoPendingWritesAsync();
    }

    [Fact]
    public async Task Open_write_of_a_small_object_publishes_on_dispose()
    {
        var writer = await Store.OpenWriteAsync("small/one.txt");
        await writer.WriteAsync(Bytes("small "));
        writer.WriteByte((byte)'!');
        Assert.Null(await Store.HeadAsync("small/one.txt"));
        await writer.DisposeAsync();
        Assert.Equal("small !", Encoding.UTF8.GetString((await Store.GetAsync("small/one.txt")).Span));
        await AssertNoPendingWritesAsync();
    }

    [Fact]
    public async Task Aborted_write_leaves_no_object()
    {
        var content = RandomBytes(6 * 1024 * 1024, 3);
        await using (var writer = await Store.OpenWriteAsync("aborted/data.bin"))
        {
            await writer.WriteAsync(content);
            await writer.WriteAsync(content.AsMemory(0, 1024));
            writer.Abort();
            await Assert.ThrowsAsync<InvalidOperationException>(() => writer.CompleteAsync());
        }

        Assert.Null(await Store.HeadAsync("aborted/data.bin"));
        Assert.Empty(await ListAllAsync(""));
        await AssertNoPendingWritesAsync();
    }

    [Fact]
    public async Task A_failure_thrown_mid_write_leaves_nothing_visible()
    {
        var content = RandomBytes(6 * 1024 * 1024, 4);

        // The stream itself fails (here: the caller's cancellation): disposing discards instead of publishing.
        await using (var writer = await Store.OpenWriteAsync("failed/one.bin"))
        {
            await writer.WriteAsync(content);
            using var cancelled = new CancellationTokenSource();
            await cancelled.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer.WriteAsync(content.AsMemory(0, 10), cancelled.Token).AsTask());
            Assert.Throws<InvalidOperationException>(() => writer.Write(content, 0, 10));
        }

        // The caller's code fails: the documented pattern aborts in a catch block.
        var ex = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await using var writer = await Store.OpenWriteAsync("failed/two.bin");
            try
            {
                await writer.WriteAsync(content);
                throw new InvalidDataException("source broke");
            }
            catch
            {
                writer.Abort();
                throw;
            }
        });
        Assert.Equal("source broke", ex.Message);

        Assert.Null(await Store.HeadAsync("failed/one.bin"));
        Assert.Null(await Store.HeadAsync("failed/two.bin"));
        Assert.Empty(await ListAllAsync(""));
        await AssertNoPendingWritesAsync();
    }

    [Fact]
    public async Task Invalid_paths_are_rejected()
    {
        await Assert.ThrowsAsync<ValidationFailedException>(() => Store.PutAsync("", Bytes("x")));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Store.PutAsync("../escape.txt", Bytes("x")));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Store.GetAsync("a/./b"));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Store.OpenWriteAsync("a/../../b"));
    }

    [Fact]
    public async Task Paths_are_normalized()
    {
        await Store.PutAsync("/norm//dir/file.txt", Bytes("n"));
        Assert.Equal("n", Encoding.UTF8.GetString((await Store.GetAsync("norm/dir/file.txt")).Span));
        Assert.Equal(["norm/dir/file.txt"], (await ListAllAsync("/norm/")).Select(m => m.Path));
    }
}
