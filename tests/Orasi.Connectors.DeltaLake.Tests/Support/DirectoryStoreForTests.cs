using System.Runtime.CompilerServices;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.DeltaLake.Tests.Support;

/// <summary>
/// TEST DOUBLE: a minimal <see cref="IObjectStore"/> over a local directory, for the Delta tests only until the core
/// library's stores land. Writes are refused when <c>readOnly</c> (used for the shared corpora).
/// </summary>
internal sealed class DirectoryStoreForTests(string root, bool readOnly = true) : IObjectStore
{
    private readonly string _root = Path.GetFullPath(root);

    public Uri Root => new(Path.TrimEndingDirectorySeparator(_root) + "/");

    public Task<ObjectMetadata?> HeadAsync(string path, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(Full(path));
        return Task.FromResult(file.Exists ? Meta(path, file) : null);
    }

    public async Task<ReadOnlyMemory<byte>> GetAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            return await File.ReadAllBytesAsync(Full(path), cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ObjectNotFoundException($"No object at '{path}'.", ex);
        }
    }

    public async Task<ReadOnlyMemory<byte>> GetRangeAsync(string path, long offset, int length, CancellationToken cancellationToken = default)
    {
        var all = await GetAsync(path, cancellationToken);
        var start = (int)Math.Min(offset, all.Length);
        return all.Slice(start, Math.Min(length, all.Length - start));
    }

    public async Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default) =>
        new MemoryStream((await GetAsync(path, cancellationToken)).ToArray());

    public async Task<ObjectMetadata> PutAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        EnsureWritable();
        var full = Full(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllBytesAsync(full, content.ToArray(), cancellationToken);
        return Meta(path, new FileInfo(full));
    }

    public async Task<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        EnsureWritable();
        var full = Full(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        try
        {
            await using var stream = new FileStream(full, FileMode.CreateNew, FileAccess.Write);
            await stream.WriteAsync(content, cancellationToken);
            return true;
        }
        catch (IOException) when (File.Exists(full))
        {
            return false;
        }
    }

    public Task<ObjectWriteStream> OpenWriteAsync(string path, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("DirectoryStoreForTests does not support streaming writes.");

    public async IAsyncEnumerable<ObjectMetadata> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        if (!Directory.Exists(_root))
        {
            yield break;
        }

        var entries = Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories)
            .Select(f => (Path: Path.GetRelativePath(_root, f).Replace('\\', '/'), File: f))
            .Where(e => e.Path.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(e => e.Path, StringComparer.Ordinal);
        foreach (var (path, file) in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return Meta(path, new FileInfo(file));
        }
    }

    public Task DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        EnsureWritable();
        File.Delete(Full(path));
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private string Full(string path) => Path.Combine(_root, path);

    private static ObjectMetadata Meta(string path, FileInfo file) => new(path, file.Length, file.LastWriteTimeUtc);

    private void EnsureWritable()
    {
        if (readOnly)
        {
            throw new InvalidOperationException("This DirectoryStoreForTests is read-only (it serves a shared corpus).");
        }
    }
}
