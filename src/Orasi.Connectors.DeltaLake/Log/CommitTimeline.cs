using System.Globalization;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.DeltaLake.Log;

/// <summary>
/// Commit timestamps for history and time travel: in-commit timestamps (<c>commitInfo.inCommitTimestamp</c>) from the
/// version where <c>delta.enableInCommitTimestamps</c> took effect, commit file modification times before it (made
/// strictly increasing, as Delta does, so that a clock going backwards cannot reorder versions).
/// </summary>
internal static class CommitTimeline
{
    private const string EnableKey = "delta.enableInCommitTimestamps";
    private const string EnablementVersionKey = "delta.inCommitTimestampEnablementVersion";

    /// <summary>The commit files of the table, in ascending version order.</summary>
    public static async Task<List<LogFile>> ListCommitsAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        var commits = new List<LogFile>();
        await foreach (var entry in store.ListAsync(LogFileNames.LogDirectory, cancellationToken).ConfigureAwait(false))
        {
            if (LogFileNames.Parse(entry) is { Kind: LogFileKind.Commit } file)
            {
                commits.Add(file);
            }
        }

        commits.Sort((a, b) => a.Version.CompareTo(b.Version));
        return commits;
    }

    /// <summary>The commitInfo action of a commit file, or null when it has none.</summary>
    public static async Task<CommitInfo?> ReadCommitInfoAsync(IObjectStore store, LogFile commit, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> content;
        try
        {
            content = await store.GetAsync(commit.Path, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }

        return DeltaActionSerializer.ParseCommit(content.Span, commit.Path).OfType<CommitInfo>().FirstOrDefault();
    }

    /// <summary>The newest version whose commit timestamp is at or before <paramref name="timestamp"/>.</summary>
    /// <param name="store">The table's store.</param>
    /// <param name="latest">The latest state of the table (its metadata decides whether in-commit timestamps apply).</param>
    /// <param name="timestamp">The moment to travel to.</param>
    /// <param name="cancellationToken">Cancels the listing and reads.</param>
    /// <exception cref="ValidationFailedException">The moment is before the earliest available commit.</exception>
    public static async Task<long> VersionAtAsync(IObjectStore store, TableState latest, DateTimeOffset timestamp, CancellationToken cancellationToken)
    {
        var table = store.Root.ToString();
        var commits = (await ListCommitsAsync(store, cancellationToken).ConfigureAwait(false))
            .Where(c => c.Version >= latest.Segment.EarliestVersion && c.Version <= latest.Version)
            .ToList();
        if (commits.Count == 0)
        {
            throw new ValidationFailedException($"The Delta table '{table}' has no commit files to resolve a timestamp against (only checkpoints remain); travel by version instead.");
        }

        var target = timestamp.ToUnixTimeMilliseconds();
        var config = latest.Metadata.Configuration;
        var ictEnabled = config.TryGetValue(EnableKey, out var enabled) && string.Equals(enabled, "true", StringComparison.OrdinalIgnoreCase);
        var enablementVersion = ictEnabled && config.TryGetValue(EnablementVersionKey, out var ev) && long.TryParse(ev, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;
        var split = ictEnabled ? commits.FindIndex(c => c.Version >= enablementVersion) : -1;
        if (split < 0)
        {
            split = commits.Count;
        }

        // In-commit timestamps are monotonic: binary search the ICT range for the last commit at or before the target.
        if (split < commits.Count)
        {
            var first = await IctAsync(store, commits[split], cancellationToken).ConfigureAwait(false);
            if (first <= target)
            {
                int lo = split, hi = commits.Count - 1;
                while (lo < hi)
                {
                    var mid = lo + (hi - lo + 1) / 2;
                    if (await IctAsync(store, commits[mid], cancellationToken).ConfigureAwait(false) <= target)
                    {
                        lo = mid;
                    }
                    else
                    {
                        hi = mid - 1;
                    }
                }

                return commits[lo].Version;
            }
        }

        long? found = null;
        long previous = long.MinValue;
        for (var i = 0; i < split; i++)
        {
            var modified = commits[i].LastModified.ToUnixTimeMilliseconds();
            var adjusted = modified <= previous ? previous + 1 : modified;
            previous = adjusted;
            if (adjusted > target)
            {
                break;
            }

            found = commits[i].Version;
        }

        if (found is { } version)
        {
            return version;
        }

        var earliest = split > 0 ? commits[0].LastModified : DateTimeOffset.FromUnixTimeMilliseconds(await IctAsync(store, commits[split], cancellationToken).ConfigureAwait(false));
        throw new ValidationFailedException(string.Create(CultureInfo.InvariantCulture,
            $"The timestamp {timestamp:O} is before the earliest available commit of the Delta table '{table}' (version {commits[0].Version} at {earliest.UtcDateTime:O}); choose a later timestamp."));
    }

    private static async Task<long> IctAsync(IObjectStore store, LogFile commit, CancellationToken cancellationToken)
    {
        var info = await ReadCommitInfoAsync(store, commit, cancellationToken).ConfigureAwait(false);
        return info?.InCommitTimestamp ?? throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture,
            $"The commit '{commit.Path}' has no commitInfo.inCommitTimestamp although in-commit timestamps are enabled for it; the log is corrupt."));
    }
}
