using Orasi.Connectors.DeltaLake.Tests.Support;

namespace Orasi.Connectors.DeltaLake.Tests.Conformance;

/// <summary>
/// Discovers every Delta table in the shared corpora at run time: each directory holding a <c>_delta_log</c>, plus the
/// tables whose log is missing on purpose (their names say so). Ids are paths relative to <c>corpora/delta</c>.
/// </summary>
internal static class CorpusTables
{
    public static string DeltaRoot => Path.Combine(Corpus.Root, "delta");

    /// <summary>Tables without a <c>_delta_log</c> folder that are in the corpora to be refused.</summary>
    private static readonly string[] DeliberatelyLogless =
    [
        "golden-tables/no-delta-log-folder",
        "kernel-golden/no-delta-log-folder/delta",
    ];

    public static IReadOnlyList<string> All()
    {
        var root = DeltaRoot;
        var ids = Directory.EnumerateDirectories(root, "_delta_log", SearchOption.AllDirectories)
            .Where(d => !d.Contains("/_compressed/", StringComparison.Ordinal))
            .Select(d => Path.GetRelativePath(root, Path.GetDirectoryName(d)!).Replace('\\', '/'))
            .Concat(DeliberatelyLogless.Where(id => Directory.Exists(Path.Combine(root, id))))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        return ids;
    }

    public static string PathOf(string id) => Path.Combine(DeltaRoot, id);

    /// <summary>
    /// Versions that can be reconstructed from the files in the log: a version v is loadable when commits 0..v all
    /// exist, or when a checkpoint c &lt;= v exists and commits c+1..v exist.
    /// </summary>
    public static IReadOnlyList<long> ReconstructableVersions(string id)
    {
        var log = Path.Combine(PathOf(id), "_delta_log");
        if (!Directory.Exists(log))
        {
            return [];
        }

        var commits = new HashSet<long>();
        var checkpoints = new HashSet<long>();
        foreach (var file in Directory.EnumerateFiles(log))
        {
            var name = Path.GetFileName(file);
            if (name.Length < 21 || !long.TryParse(name.AsSpan(0, 20), out var v) || name[20] != '.')
            {
                continue;
            }

            var rest = name[21..];
            if (rest == "json")
            {
                commits.Add(v);
            }
            else if (rest.StartsWith("checkpoint", StringComparison.Ordinal) && (rest.EndsWith(".parquet", StringComparison.Ordinal) || rest.EndsWith(".json", StringComparison.Ordinal)))
            {
                checkpoints.Add(v);
            }
        }

        if (commits.Count == 0 && checkpoints.Count == 0)
        {
            return [];
        }

        var max = Math.Max(commits.Count == 0 ? -1 : commits.Max(), checkpoints.Count == 0 ? -1 : checkpoints.Max());
        var result = new List<long>();
        var chainFrom0 = true;
        long? lastCheckpoint = null;
        var chainFromCheckpoint = false;
        for (long v = 0; v <= max; v++)
        {
            chainFrom0 &= commits.Contains(v);
            if (checkpoints.Contains(v))
            {
                lastCheckpoint = v;
                chainFromCheckpoint = true;
            }
            else if (lastCheckpoint is not null)
            {
                chainFromCheckpoint &= commits.Contains(v);
            }

            if (chainFrom0 || (lastCheckpoint is not null && chainFromCheckpoint))
            {
                result.Add(v);
            }
        }

        return result;
    }
}
