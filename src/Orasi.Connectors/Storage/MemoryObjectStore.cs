using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Orasi.Connectors.Storage;

/// <summary>
/// An object store in process memory, addressed as <c>memory://name[/prefix]</c>. Stores opened with the same
/// name share their objects for the life of the process (so tests and the CLI can reopen them); use
/// <see cref="Drop"/> to free one. Thread-safe; <see cref="PutIfAbsentAsync"/> is atomic.
/// </summary>
public sealed class MemoryObjectStore : IObjectStore
{
    private const string StoreKind = "memory";

    private static readonly ConcurrentDictionary<string, ConcurrentDictionary<string, MemoryObject>> Registry =
        new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, MemoryObject> _objects;
    private readonly string _prefix;

    /// <summary>Opens (creating if needed) the shared in-memory store <paramref name="name"/>, rooted at <paramref name="prefix"/>.</summary>
    /// <param name="name">The store's name, the host part of <c>memory://name</c>.</param>
    /// <param name="prefix">An optional path inside the store that becomes this instance's root.</param>
    /// <exception cref="ValidationFailedException">The name is empty or contains a <c>/</c>.</exception>
    public MemoryObjectStore(string name, string? prefix = null)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains('/', StringComparison.Ordinal))
        {
            throw new ValidationFailedException(
                $"The memory store name '{name}' is invalid; use a non-empty name without '/', as in 'memory://my-store'.");
        }

        Name = name;
        _prefix = StoragePath.Normalize(prefix);
        _objects = Registry.GetOrAdd(name, static _ => new ConcurrentDictionary<string, MemoryObject>(StringComparer.Ordinal));
        Root = new Uri(_prefix.Length == 0 ? $"memory://{name}" : $"memory://{name}/{_prefix}");
    }

    /// <summary>The shared store's name.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public Uri Root { get; }

    /// <summary>Removes every object of the shared store <paramref name="name"/> and forgets it.</summary>
    public static void Drop(string name)
    {
        if (Registry.TryRemove(name, out var objects))
        {
            objects.Clear();
        }
    }

    /// <inheritdoc />
    public Task<ObjectMetadata?> HeadAsync(string path, CancellationToken cancellationToken = default)
    {
        var objectPath = StoragePath.ToObjectPath(path);
        StorageTelemetry.CountRequest(StoreKind, "head");
        return Task.FromResult(_objects.TryGetValue(Key(objectPath), out var obj) ? ToMetadata(objectPath, obj) : null);
    }

    /// <inheritdoc />
    public Task<ReadOnlyMemory<byte>> GetAsync(string path, CancellationToken cancellationToken = default)
    {
        var obj = Find(path, "get");
        StorageTelemetry.CountRead(StoreKind, obj.Data.Length);
        return Task.FromResult<ReadOnlyMemory<byte>>(obj.Data);
    }

    /// <inheritdoc />
    public Task<ReadOnlyMemory<byte>> GetRangeAsync(string path, long offset, int length, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var obj = Find(path, "get_range");
        if (offset >= obj.Data.Length)
        {
            return Task.FromResult(ReadOnlyMemory<byte>.Empty);
        }

        var count = (int)Math.Min(length, obj.Data.Length - offset);
        StorageTelemetry.CountRead(StoreKind, count);
        return Task.FromResult<ReadOnlyMemory<byte>>(obj.Data.AsMemory((int)offset, count));
    }

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var obj = Find(path, "open_read");
        StorageTelemetry.CountRead(StoreKind, obj.Data.Length);
        return Task.FromResult<Stream>(new MemoryStream(obj.Data, writable: false));
    }

    /// <inheritdoc />
    public Task<ObjectMetadata> PutAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var objectPath = StoragePath.ToObjectPath(path);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Store(objectPath, content.ToArray()));
    }

    /// <inheritdoc />
    public Task<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var objectPath = StoragePath.ToObjectPath(path);
        cancellationToken.ThrowIfCancellationRequested();
        StorageTelemetry.CountRequest(StoreKind, "put_if_absent");
        var obj = NewObject(content.ToArray());
        var added = _objects.TryAdd(Key(objectPath), obj);
        if (added)
        {
            StorageTelemetry.CountWritten(StoreKind, obj.Data.Length);
        }

        return Task.FromResult(added);
    }

    /// <inheritdoc />
    public Task<ObjectWriteStream> OpenWriteAsync(string path, CancellationToken cancellationToken = default)
    {
        var objectPath = StoragePath.ToObjectPath(path);
        return Task.FromResult<ObjectWriteStream>(new MemoryWriteStream(this, objectPath));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ObjectMetadata> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var listPrefix = StoragePath.ToPrefix(prefix);
        var rootPrefix = _prefix.Length == 0 ? string.Empty : _prefix + "/";
        var fullPrefix = rootPrefix + listPrefix;
        StorageTelemetry.CountRequest(StoreKind, "list");
        var matches = _objects
            .Where(pair => pair.Key.StartsWith(fullPrefix, StringComparison.Ordinal))
            .Select(pair => ToMetadata(pair.Key[rootPrefix.Length..], pair.Value))
            .OrderBy(meta => meta.Path, StringComparer.Ordinal)
            .ToList();
        foreach (var meta in matches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return meta;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        var objectPath = StoragePath.ToObjectPath(path);
        StorageTelemetry.CountRequest(StoreKind, "delete");
        _objects.TryRemove(Key(objectPath), out _);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <inheritdoc />
    public override string ToString() => Root.ToString();

    /// <summary>Publishes bytes under a normalized object path, replacing any existing object.</summary>
    internal ObjectMetadata Store(string objectPath, byte[] data)
    {
        StorageTelemetry.CountRequest(StoreKind, "put");
        var obj = NewObject(data);
        _objects[Key(objectPath)] = obj;
        StorageTelemetry.CountWritten(StoreKind, data.Length);
        return ToMetadata(objectPath, obj);
    }

    private static MemoryObject NewObject(byte[] data) =>
        new(data, DateTimeOffset.UtcNow, Guid.NewGuid().ToString("N"));

    private static ObjectMetadata ToMetadata(string path, MemoryObject obj) =>
        new(path, obj.Data.Length, obj.LastModified, obj.ETag);

    private MemoryObject Find(string path, string operation)
    {
        var objectPath = StoragePath.ToObjectPath(path);
        StorageTelemetry.CountRequest(StoreKind, operation);
        return _objects.TryGetValue(Key(objectPath), out var obj)
            ? obj
            : throw new ObjectNotFoundException($"No object '{objectPath}' exists in store {Root}; check the path or write it first.");
    }

    private string Key(string objectPath) => _prefix.Length == 0 ? objectPath : _prefix + "/" + objectPath;
}
