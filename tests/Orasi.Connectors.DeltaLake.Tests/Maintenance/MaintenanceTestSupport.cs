using Orasi.Connectors.DeltaLake.Log;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.DeltaLake.Tests.Support;

namespace Orasi.Connectors.DeltaLake.Tests.Maintenance;

/// <summary>Shared helpers: canonical rows of a snapshot, commit file access, copying corpus tables.</summary>
internal static class MaintenanceTestSupport
{
    /// <summary>The rows of the table at a version (latest when null), canonicalized and sorted (a multiset).</summary>
    public static async Task<List<string>> RowsAsync(string uri, long? version = null, IReadOnlyDictionary<string, string>? storageOptions = null)
    {
        await using var table = await DeltaTable.OpenAsync(uri, storageOptions);
        var snapshot = await table.GetSnapshotAsync(version);
        var rows = RowCanonicalizer.Rows(await ScanHelpers.CollectAsync(snapshot.ScanAsync()));
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    public static async Task<int> FileCountAsync(string uri, long? version = null)
    {
        await using var table = await DeltaTable.OpenAsync(uri);
        return (await table.GetSnapshotAsync(version)).FileCount;
    }

    public static List<DeltaAction> ReadCommit(string dir, long version)
    {
        var path = Path.Combine(dir, LogFileNames.CommitPath(version));
        return DeltaActionSerializer.ParseCommit(File.ReadAllBytes(path), path);
    }

    public static string CommitFile(string dir, long version) => Path.Combine(dir, LogFileNames.CommitPath(version));

    /// <summary>Copies a directory tree and makes every copy writable (corpora are read-only).</summary>
    public static void CopyTree(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            File.SetAttributes(target, FileAttributes.Normal);
        }
    }
}
