using Orasi.Connectors.Iceberg.IO;

namespace Orasi.Connectors.Iceberg.Catalog;

/// <summary>Write-side helpers over <see cref="IcebergFileIO"/> for absolute locations.</summary>
internal static class FileIOWrites
{
    public static async Task PutAsync(this IcebergFileIO io, string location, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var (store, key) = io.Locate(location);
        await store.PutAsync(key, content, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<bool> PutIfAbsentAsync(this IcebergFileIO io, string location, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var (store, key) = io.Locate(location);
        return await store.PutIfAbsentAsync(key, content, cancellationToken).ConfigureAwait(false);
    }

    public static async Task DeleteAsync(this IcebergFileIO io, string location, CancellationToken cancellationToken)
    {
        var (store, key) = io.Locate(location);
        await store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes every object under a directory-like prefix; returns how many.</summary>
    public static async Task<int> DeleteAllAsync(this IcebergFileIO io, string directory, CancellationToken cancellationToken)
    {
        var files = await ListOrEmptyAsync(io, directory, cancellationToken).ConfigureAwait(false);
        foreach (var f in files)
        {
            await io.DeleteAsync(f, cancellationToken).ConfigureAwait(false);
        }

        return files.Count;
    }

    public static async Task<IReadOnlyList<string>> ListOrEmptyAsync(this IcebergFileIO io, string directory, CancellationToken cancellationToken)
    {
        try
        {
            return await io.ListAsync(directory, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException or IOException or Storage.ObjectNotFoundException)
        {
            return [];
        }
    }

    /// <summary>Normalizes a local path to an absolute forward-slash path; URIs are kept.</summary>
    public static string NormalizeLocation(string location) =>
        location.Contains("://", StringComparison.Ordinal) ? location.TrimEnd('/') : Path.GetFullPath(location).Replace('\\', '/').TrimEnd('/');
}
