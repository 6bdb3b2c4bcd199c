using System.IO.Enumeration;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Orasi.Connectors.Storage;

/// <summary>
/// An object store in a local directory (<c>file:///abs/path</c> or a plain path). Writes go to a hidden temporary
/// file in the target directory (<c>.name.tmp-&lt;guid&gt;</c>, never listed) and are renamed into place, so readers see
/// whole objects only; <see cref="PutIfAbsentAsync"/> publishes with a hard link, which is atomic across processes.
/// </summary>
public sealed partial class LocalFileObjectStore : IObjectStore
{
    private const string StoreKind = "file";
    private const int CopyBufferSize = 81920;

    private readonly string _root;

    /// <summary>Opens the store rooted at <paramref name="rootDirectory"/> (relative paths resolve against the current directory). The directory is created on first write.</summary>
    /// <exception cref="ValidationFailedException">The path is empty or names an existing file.</exception>
    public LocalFileObjectStore(string rootDirectory)
    {
        if (string.IsNullOrWhiteSpace(rootDirectory))
        {
            throw new ValidationFailedException("The local store directory is empty; pass a directory path such as '/data/lake' or 'file:///data/lake'.");
        }

        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootDirectory));
        if (File.Exists(_root))
        {
            throw new ValidationFailedException($"The local store root '{_root}' is a file; pass a directory path.");
        }

        Root = new Uri(_root.EndsWith(Path.DirectorySeparatorChar) ? _root : _root + Path.DirectorySeparatorChar);
    }

    /// <summary>The absolute directory the store is rooted at.</summary>
    public string RootDirectory => _root;

    /// <inheritdoc />
    public Uri Root { get; }

    /// <summary>True for the names of temporary files that writes use before publishing.</summary>
    internal static bool IsTempFileName(string fileName) => TempFileName().IsMatch(fileName);

    /// <inheritdoc />
    public Task<ObjectMetadata?> HeadAsync(string path, CancellationToken cancellationToken = default)
    {
        var objectPath = StoragePath.ToObjectPath(path);
        StorageTelemetry.CountRequest(StoreKind, "head");
        var info = new FileInfo(FullPath(objectPath));
        return Task.FromResult(info.Exists ? ToMetadata(objectPath, info.Length, info.LastWriteTimeUtc) : null);
    }

    /// <inheritdoc />
    public async Task<ReadOnlyMemory<byte>> GetAsync(string path, CancellationToken cancellationToken = default)
    {
        var objectPath = StoragePath.ToObjectPath(path);
        StorageTelemetry.CountRequest(StoreKind, "get");
        var fullPath = FullPath(objectPath);
        try
        {
            var data = await File.ReadAllBytesAsync(fullPath, cancellationToken).ConfigureAwait(false);
            StorageTelemetry.CountRead(StoreKind, data.Length);
            return data;
        }
        catch (Exception ex) when (IsNotFound(ex, fullPath))
        {
            throw NotFound(objectPath, ex);
        }
    }

    /// <inheritdoc />
    public async Task<ReadOnlyMemory<byte>> GetRangeAsync(string path, long offset, int length, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var objectPath = StoragePath.ToObjectPath(path);
        StorageTelemetry.CountRequest(StoreKind, "get_range");
        var fullPath = FullPath(objectPath);
        try
        {
            using var handle = File.OpenHandle(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
            var size = RandomAccess.GetLength(handle);
            if (offset >= size)
            {
                return ReadOnlyMemory<byte>.Empty;
            }

            var buffer = new byte[(int)Math.Min(length, size - offset)];
            var read = 0;
            while (read < buffer.Length)
            {
                var n = await RandomAccess.ReadAsync(handle, buffer.AsMemory(read), offset + read, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            StorageTelemetry.CountRead(StoreKind, read);
            return buffer.AsMemory(0, read);
        }
        catch (Exception ex) when (IsNotFound(ex, fullPath))
        {
            throw NotFound(objectPath, ex);
        }
    }

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var objectPath = StoragePath.ToObjectPath(path);
        StorageTelemetry.CountRequest(StoreKind, "open_read");
        var fullPath = FullPath(objectPath);
        try
        {
            Stream stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.Asynchronous);
            return Task.FromResult(stream);
        }
        catch (Exception ex) when (IsNotFound(ex, fullPath))
        {
            throw NotFound(objectPath, ex);
        }
    }

    /// <inheritdoc />
    public async Task<ObjectMetadata> PutAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var objectPath = StoragePath.ToObjectPath(path);
        StorageTelemetry.CountRequest(StoreKind, "put");
        var fullPath = FullPath(objectPath);
        var temp = await WriteTempAsync(fullPath, content, cancellationToken).ConfigureAwait(false);
        try
        {
            File.Move(temp, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        StorageTelemetry.CountWritten(StoreKind, content.Length);
        var info = new FileInfo(fullPath);
        return ToMetadata(objectPath, info.Length, info.LastWriteTimeUtc);
    }

    /// <inheritdoc />
    public async Task<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var objectPath = StoragePath.ToObjectPath(path);
        StorageTelemetry.CountRequest(StoreKind, "put_if_absent");
        var fullPath = FullPath(objectPath);
        if (File.Exists(fullPath))
        {
            return false;
        }

        var temp = await WriteTempAsync(fullPath, content, cancellationToken).ConfigureAwait(false);
        try
        {
            if (NativeFileLink.TryMoveNoReplace(temp, fullPath))
            {
                StorageTelemetry.CountWritten(StoreKind, content.Length);
                return true;
            }

            TryDelete(temp);
            return false;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <inheritdoc />
    public Task<ObjectWriteStream> OpenWriteAsync(string path, CancellationToken cancellationToken = default)
    {
        var objectPath = StoragePath.ToObjectPath(path);
        StorageTelemetry.CountRequest(StoreKind, "open_write");
        var fullPath = FullPath(objectPath);
        var temp = CreateTempPath(fullPath);
        var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBufferSize, FileOptions.Asynchronous);
        return Task.FromResult<ObjectWriteStream>(new LocalFileWriteStream(this, objectPath, fullPath, temp, file));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ObjectMetadata> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var listPrefix = StoragePath.ToPrefix(prefix);
        StorageTelemetry.CountRequest(StoreKind, "list");
        var baseRelative = listPrefix.EndsWith('/') ? listPrefix.TrimEnd('/') : StoragePath.Parent(listPrefix);
        var baseDirectory = baseRelative.Length == 0 ? _root : FullPath(baseRelative);
        if (!Directory.Exists(baseDirectory))
        {
            yield break;
        }

        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = FileAttributes.None,
            IgnoreInaccessible = true,
            ReturnSpecialDirectories = false,
        };
        var rootLength = _root.Length + (Path.EndsInDirectorySeparator(_root) ? 0 : 1); // "/" keeps its separator
        var entries = new FileSystemEnumerable<ObjectMetadata>(
            baseDirectory,
            (ref FileSystemEntry entry) => ToMetadata(
                entry.ToFullPath()[rootLength..].Replace(Path.DirectorySeparatorChar, '/'),
                entry.Length,
                entry.LastWriteTimeUtc.UtcDateTime),
            options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory && !IsTempFileName(entry.FileName.ToString()),
        };

        var matches = entries
            .Where(meta => meta.Path.StartsWith(listPrefix, StringComparison.Ordinal))
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
        try
        {
            File.Delete(FullPath(objectPath));
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing to delete.
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <inheritdoc />
    public override string ToString() => Root.ToString();

    /// <summary>Moves a finished temporary file into place, replacing any existing object, and returns its metadata.</summary>
    internal ObjectMetadata Publish(string objectPath, string fullPath, string temp, long length)
    {
        File.Move(temp, fullPath, overwrite: true);
        StorageTelemetry.CountWritten(StoreKind, length);
        var info = new FileInfo(fullPath);
        return ToMetadata(objectPath, info.Length, info.LastWriteTimeUtc);
    }

    /// <summary>Deletes a file, ignoring failures (used for temporary files).</summary>
    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static ObjectMetadata ToMetadata(string path, long size, DateTime lastWriteUtc) =>
        new(path, size, new DateTimeOffset(DateTime.SpecifyKind(lastWriteUtc, DateTimeKind.Utc)),
            $"{lastWriteUtc.Ticks:x}-{size:x}");

    private static string CreateTempPath(string fullPath)
    {
        var directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, $".{Path.GetFileName(fullPath)}.tmp-{Guid.NewGuid():N}");
    }

    private static async Task<string> WriteTempAsync(string fullPath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var temp = CreateTempPath(fullPath);
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
            }

            return temp;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static bool IsNotFound(Exception ex, string fullPath) =>
        ex is FileNotFoundException or DirectoryNotFoundException
        || (ex is UnauthorizedAccessException && Directory.Exists(fullPath));

    private ObjectNotFoundException NotFound(string objectPath, Exception inner) =>
        new($"No object '{objectPath}' exists in store {Root}; check the path or write it first.", inner);

    private string FullPath(string objectPath) =>
        Path.Combine(_root, Path.DirectorySeparatorChar == '/' ? objectPath : objectPath.Replace('/', Path.DirectorySeparatorChar));

    [GeneratedRegex(@"^\..+\.tmp-[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex TempFileName();
}
