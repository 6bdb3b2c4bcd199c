using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.Iceberg.IO;

/// <summary>
/// Reads files named by absolute locations (<c>s3://</c>, <c>s3a://</c>, <c>file://</c>, <c>memory://</c> or absolute
/// local paths) through the foundation's object stores, one store per bucket (or one for the local file system).
/// Per-location-prefix overrides (<see cref="LocationOverride"/>, e.g. credentials a REST catalog vended for a table)
/// are merged over the catalog-wide options for locations they cover (longest prefix wins); stores are cached per
/// (bucket, effective options), so a table with its own credentials gets its own store.
/// </summary>
internal sealed class IcebergFileIO : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string>? _storageOptions;
    private readonly ConcurrentDictionary<string, IObjectStore> _stores = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private OverrideEntry[] _overrides = [];

    public IcebergFileIO(IReadOnlyDictionary<string, string>? storageOptions)
    {
        _storageOptions = storageOptions;
    }

    private IcebergFileIO(IReadOnlyDictionary<string, string>? storageOptions, OverrideEntry[] overrides)
    {
        _storageOptions = storageOptions;
        _overrides = overrides;
    }

    /// <summary>The registered overrides, longest prefix first.</summary>
    public IReadOnlyList<LocationOverride> Overrides => Volatile.Read(ref _overrides).Select(e => e.Override).ToList();

    /// <summary>A new file IO with the same catalog-wide options and (a snapshot of) the same overrides, holding its own stores.</summary>
    public IcebergFileIO Fork() => new(_storageOptions, Volatile.Read(ref _overrides));

    /// <summary>
    /// Registers options for every location starting with the override's prefix, replacing an earlier override for the
    /// same prefix unless that one expires later (a stale answer never replaces fresher credentials).
    /// </summary>
    /// <returns>Whether the override was registered.</returns>
    /// <exception cref="ValidationFailedException">The merged options are invalid; the message names the prefix and key, never a value of a secret.</exception>
    public bool SetOverride(LocationOverride locationOverride)
    {
        ArgumentNullException.ThrowIfNull(locationOverride);
        var merged = FileIOProperties.Merge(_storageOptions, locationOverride.Options);
        try
        {
            StorageOptions.Parse(merged, null);
        }
        catch (ValidationFailedException ex)
        {
            throw new ValidationFailedException($"The storage options for locations under '{locationOverride.Prefix}' are invalid ({ex.Message}); check the credentials the catalog vends for them.", ex);
        }

        var entry = new OverrideEntry(locationOverride, merged, Fingerprint(merged));
        lock (_gate)
        {
            var current = _overrides;
            var existing = Array.FindIndex(current, e => e.Override.Prefix == locationOverride.Prefix);
            if (existing >= 0 && current[existing].Override.ExpiresAt is { } kept && locationOverride.ExpiresAt is { } offered && offered < kept)
            {
                return false;
            }

            var next = current.Where(e => e.Override.Prefix != locationOverride.Prefix).Append(entry)
                .OrderByDescending(e => e.Override.Prefix.Length).ThenBy(e => e.Override.Prefix, StringComparer.Ordinal).ToArray();
            Volatile.Write(ref _overrides, next);
            return true;
        }
    }

    /// <summary>The override that applies to <paramref name="location"/> (longest prefix), or null.</summary>
    public LocationOverride? OverrideFor(string location) => Match(location)?.Override;

    /// <summary>The effective store options for <paramref name="location"/> (the catalog-wide ones merged with the matching override).</summary>
    public IReadOnlyDictionary<string, string>? OptionsFor(string location) => Match(location)?.Merged ?? _storageOptions;

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
            var match = Match(location);
            var store = match is null
                ? _stores.GetOrAdd(root, r => ObjectStoreFactory.Open(r, _storageOptions))
                : _stores.GetOrAdd(root + "#" + match.Fingerprint, _ => ObjectStoreFactory.Open(root, match.Merged));
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

    private sealed record OverrideEntry(LocationOverride Override, IReadOnlyDictionary<string, string> Merged, string Fingerprint);

    private static string Fingerprint(IReadOnlyDictionary<string, string> options)
    {
        var text = string.Join('\n', options.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => o.Key + "=" + o.Value));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 16);
    }

    private OverrideEntry? Match(string location)
    {
        foreach (var entry in Volatile.Read(ref _overrides))
        {
            if (location.StartsWith(entry.Override.Prefix, StringComparison.Ordinal))
            {
                return entry;
            }
        }

        return null;
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
