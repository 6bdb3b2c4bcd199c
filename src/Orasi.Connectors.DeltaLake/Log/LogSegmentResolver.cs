using System.Globalization;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.DeltaLake.Log;

/// <summary>Lists <c>_delta_log/</c> and chooses the checkpoint and commits needed for a version.</summary>
internal static class LogSegmentResolver
{
    /// <summary>Lists the log of the table rooted at <paramref name="store"/> and resolves the segment for <paramref name="version"/> (latest when null).</summary>
    /// <exception cref="TableNotFoundException">There is no Delta log.</exception>
    /// <exception cref="ValidationFailedException">The requested version is outside the available range.</exception>
    /// <exception cref="CorruptDataException">Commits are missing between the checkpoint and the version.</exception>
    public static async Task<LogSegment> ResolveAsync(IObjectStore store, long? version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var hint = await ReadHintAsync(store, cancellationToken).ConfigureAwait(false);
        var listing = new List<ObjectMetadata>();
        await foreach (var entry in store.ListAsync(LogFileNames.LogDirectory, cancellationToken).ConfigureAwait(false))
        {
            listing.Add(entry);
        }

        return Resolve(listing, version, hint, store.Root.ToString());
    }

    /// <summary>Reads <c>_last_checkpoint</c>; null when it is missing or unreadable (it is only a hint).</summary>
    public static async Task<LastCheckpointHint?> ReadHintAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        try
        {
            var content = await store.GetAsync(LogFileNames.LastCheckpoint, cancellationToken).ConfigureAwait(false);
            return LastCheckpointHint.TryParse(content.Span);
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Resolves a segment from a listing of <c>_delta_log/</c> (pure; no IO).</summary>
    public static LogSegment Resolve(IEnumerable<ObjectMetadata> listing, long? version, LastCheckpointHint? hint, string table)
    {
        ArgumentNullException.ThrowIfNull(listing);
        if (version < 0)
        {
            throw new ValidationFailedException($"The Delta table version {version} is negative; versions start at 0.");
        }

        var commits = new SortedDictionary<long, LogFile>();
        var checkpoints = new List<LogFile>();
        var compactions = new List<LogFile>();
        foreach (var entry in listing)
        {
            var file = LogFileNames.Parse(entry);
            switch (file?.Kind)
            {
                case LogFileKind.Commit:
                    commits[file.Version] = file;
                    break;
                case LogFileKind.Compaction:
                    compactions.Add(file);
                    break;
                case null:
                    break;
                default:
                    checkpoints.Add(file);
                    break;
            }
        }

        var complete = CompleteCheckpoints(checkpoints, hint);
        if (commits.Count == 0 && complete.Count == 0)
        {
            throw new TableNotFoundException($"No Delta table at '{table}': the _delta_log directory is missing or holds no commit or checkpoint files; check the table path.");
        }

        var latest = Math.Max(commits.Count > 0 ? commits.Keys.Max() : -1, complete.Count > 0 ? complete.Keys.Max() : -1);
        long earliest;
        if (commits.ContainsKey(0))
        {
            earliest = 0;
        }
        else if (complete.Count > 0)
        {
            earliest = complete.Keys.Min();
        }
        else
        {
            throw new CorruptDataException(
                $"The Delta log of '{table}' has no commit for version 0 and no complete checkpoint, so no version can be reconstructed (the oldest commit is {commits.Keys.Min()}); the log was truncated without a checkpoint.");
        }

        var target = version ?? latest;
        if (target > latest || target < earliest)
        {
            throw new ValidationFailedException(string.Create(CultureInfo.InvariantCulture,
                $"The Delta table '{table}' has no version {target}; the available versions are {earliest} to {latest}."));
        }

        long? checkpointVersion = null;
        IReadOnlyList<LogFile> checkpointFiles = [];
        foreach (var (cpVersion, files) in complete)
        {
            if (cpVersion <= target && (checkpointVersion is null || cpVersion > checkpointVersion))
            {
                checkpointVersion = cpVersion;
                checkpointFiles = files;
            }
        }

        var first = checkpointVersion + 1 ?? 0;
        var segmentCommits = new List<LogFile>();
        for (var v = first; v <= target; v++)
        {
            if (!commits.TryGetValue(v, out var commit))
            {
                throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture,
                    $"The Delta log of '{table}' is missing the commit file for version {v} ({LogFileNames.CommitPath(v)}) needed to reconstruct version {target}; the log has a gap and must be repaired."));
            }

            segmentCommits.Add(commit);
        }

        return new LogSegment
        {
            Version = target,
            CheckpointVersion = checkpointVersion,
            CheckpointFiles = checkpointFiles,
            Commits = segmentCommits,
            Compactions = compactions.Where(c => c.Version >= first && c.EndVersion <= target).OrderBy(c => c.Version).ToList(),
            EarliestVersion = earliest,
            LatestVersion = latest,
            Hint = hint,
        };
    }

    /// <summary>Groups checkpoint files into complete checkpoints, one chosen per version.</summary>
    private static SortedDictionary<long, IReadOnlyList<LogFile>> CompleteCheckpoints(List<LogFile> files, LastCheckpointHint? hint)
    {
        var result = new SortedDictionary<long, IReadOnlyList<LogFile>>();
        foreach (var byVersion in files.GroupBy(f => f.Version))
        {
            var candidates = new List<(int Rank, IReadOnlyList<LogFile> Files)>();
            foreach (var file in byVersion)
            {
                var hinted = hint is not null && hint.Version == file.Version;
                switch (file.Kind)
                {
                    case LogFileKind.V2Checkpoint:
                        candidates.Add((hinted && hint!.V2CheckpointPath == file.FileName ? 0 : 1, [file]));
                        break;
                    case LogFileKind.ClassicCheckpoint:
                        candidates.Add((hinted && hint!.Parts is null && hint.V2CheckpointPath is null ? 0 : 2, [file]));
                        break;
                }
            }

            foreach (var set in byVersion.Where(f => f.Kind == LogFileKind.MultiPartCheckpoint).GroupBy(f => f.Parts))
            {
                var parts = set.GroupBy(f => f.Part).Select(g => g.First()).OrderBy(f => f.Part).ToList();
                if (parts.Count == set.Key)
                {
                    var hinted = hint is not null && hint.Version == byVersion.Key && hint.Parts == set.Key;
                    candidates.Add((hinted ? 0 : 3, parts));
                }
            }

            if (candidates.Count > 0)
            {
                result[byVersion.Key] = candidates.OrderBy(c => c.Rank).ThenBy(c => c.Files[0].Path, StringComparer.Ordinal).First().Files;
            }
        }

        return result;
    }
}
