using System.Collections.Concurrent;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.Iceberg.IO;

/// <summary>
/// Reads files named by absolute locations (<c>s3://</c>, <c>s3a://</c>, <c>file://</c>, <c>memory://</c> or absolute
/// local paths) through the foundation's object stores, one store per bucket (or one for the local file system).
/// </summary>
internal sealed class IcebergFileIO : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string>? _storageOptions;
    private readonly ConcurrentDictionary<string, IObjectStore> _stores = new(StringComparer.Ordinal);

    public IcebergFileIO(IReadOnlyDictionary<string, string>? storageOptions)
    {
        _storageOptions = storageOptions;
    }

    public (IObjectStore Store, string Key) Locate(string location)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        var schemeEnd = location.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd > 0)
        {
            var scheme = location[..schemeEnd].ToLowerInvariant();
            var rest = location[(schemeEnd + 3)..];
            if (scheme == "file")
            {
                return Local(Uri.UnescapeDataString(rest));
            }

            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var authority = slash < 0 ? rest : rest[..slash];
            var key = slash < 0 ? string.Empty : rest[(slash + 1)..];
            var root = $"{scheme}://{authority}";
            var store = _stores.GetOrAdd(root, r => ObjectStoreFactory.Open(r, _storageOptions));
            return (store, key);
        }

        return Local(location);
    }

    public async Task<ReadOnlyMemory<byte>> ReadAllAsync(string location, CancellationToken cancellationToken)
    {
        var (store, key) = Locate(location);
        try
        {
            return await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectNotFoundException ex)
        {
            throw new CorruptDataException($"File '{location}' referenced by the Iceberg table does not exist; the table metadata points to a missing file.", ex);
        }
    }

    public async Task<Stream> OpenReadAsync(string location, CancellationToken cancellationToken)
    {
        var (store, key) = Locate(location);
        try
        {
            return await store.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectNotFoundException ex)
        {
            throw new CorruptDataException($"File '{location}' referenced by the Iceberg table does not exist; the table metadata points to a missing file.", ex);
        }
    }

    public async Task<ReadOnlyMemory<byte>> ReadRangeAsync(string location, long offset, int length, CancellationToken cancellationToken)
    {
        var (store, key) = Locate(location);
        return await store.GetRangeAsync(key, offset, length, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> ExistsAsync(string location, CancellationToken cancellationToken)
    {
        var (store, key) = Locate(location);
        return await store.HeadAsync(key, cancellationToken).ConfigureAwait(false) is not null;
    }

    public async Task<IReadOnlyList<string>> ListAsync(string directoryLocation, CancellationToken cancellationToken)
    {
        var dir = directoryLocation.TrimEnd('/') + "/";
        var (store, key) = Locate(dir);
        var result = new List<string>();
        await foreach (var item in store.ListAsync(key, cancellationToken).ConfigureAwait(false))
        {
            result.Add(dir + item.Path[key.Length..]);
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores.Values)
        {
            await store.DisposeAsync().ConfigureAwait(false);
        }

        _stores.Clear();
    }

    private (IObjectStore, string) Local(string path)
    {
        if (!Path.IsPathRooted(path))
        {
            throw new ValidationFailedException($"Location '{path}' is relative; resolve it against the table location first.");
        }

        // Root local stores at the first directory below the file-system root: a store rooted at "/" itself
        // lists paths with their first character cut off (the core store assumes a root without a trailing separator).
        var full = Path.GetFullPath(path).Replace('\\', '/');
        var fsRoot = Path.GetPathRoot(full)!.Replace('\\', '/');
        var rest = full[fsRoot.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var root = slash <= 0 ? fsRoot : fsRoot + rest[..slash];
        var key = slash <= 0 ? rest : rest[(slash + 1)..];
        var store = _stores.GetOrAdd("file://" + root, _ => ObjectStoreFactory.Open(root));
        return (store, key);
    }
}
