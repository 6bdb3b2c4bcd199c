using System.Globalization;
using System.Text.RegularExpressions;
using Orasi.Connectors.DeltaLake.Log;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.DeltaLake.Transactions;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.DeltaLake.Operations.Maintenance;

/// <summary>
/// Expired log cleanup: picks the newest complete checkpoint C such that every commit before C is older than
/// <c>delta.logRetentionDuration</c> (default 30 days), then deletes the commit, checkpoint, compaction and CRC files
/// of versions before C, oldest first. Every version from C on stays readable (checkpoint C plus the later commits);
/// the versions dropped are exactly those whose commits had all expired.
/// </summary>
internal static partial class LogCleanup
{
    /// <summary>The default log retention: 30 days.</summary>
    public static readonly TimeSpan DefaultLogRetention = TimeSpan.FromDays(30);

    /// <summary>Runs after a checkpoint was written, when <c>delta.enableExpiredLogCleanup</c> is not false.</summary>
    public static async Task AfterCheckpointAsync(IObjectStore store, Metadata metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.Configuration.TryGetValue("delta.enableExpiredLogCleanup", out var flag)
            && string.Equals(flag?.Trim(), "false", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        await RunAsync(store, metadata, DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The log retention of a table: <c>delta.logRetentionDuration</c> (default 30 days).</summary>
    public static TimeSpan Retention(Metadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return metadata.Configuration.TryGetValue("delta.logRetentionDuration", out var text)
            ? TableProperties.ParseInterval(text, "delta.logRetentionDuration")
            : DefaultLogRetention;
    }

    /// <summary>Deletes expired log files as of <paramref name="now"/>.</summary>
    public static async Task<DeltaLogCleanupResult> RunAsync(IObjectStore store, Metadata metadata, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var cutoff = now - Retention(metadata);
        var table = store.Root.ToString();
        var listing = new List<ObjectMetadata>();
        await foreach (var entry in store.ListAsync(LogFileNames.LogDirectory, cancellationToken).ConfigureAwait(false))
        {
            listing.Add(entry);
        }

        var hint = await LogSegmentResolver.ReadHintAsync(store, cancellationToken).ConfigureAwait(false);
        var files = listing.Select(e => (Entry: e, File: LogFileNames.Parse(e))).ToList();
        var commits = files.Where(f => f.File is { Kind: LogFileKind.Commit }).Select(f => f.File!).OrderBy(f => f.Version).ToList();
        var checkpointVersions = files.Where(f => f.File is { IsCheckpoint: true }).Select(f => f.File!.Version).Distinct().OrderDescending().ToList();

        // The newest complete checkpoint before which every commit has expired.
        long? boundary = null;
        foreach (var version in checkpointVersions)
        {
            if (commits.Any(c => c.Version < version && c.LastModified >= cutoff))
            {
                continue;
            }

            LogSegment segment;
            try
            {
                segment = LogSegmentResolver.Resolve(listing, version, hint, table);
            }
            catch (ConnectorException)
            {
                continue;
            }

            if (segment.CheckpointVersion == version)
            {
                boundary = version;
                break;
            }
        }

        if (boundary is not { } keepFrom)
        {
            return new DeltaLogCleanupResult([], commits.Count > 0 ? commits[0].Version : 0);
        }

        var doomed = new List<(long Version, string Path)>();
        foreach (var (entry, file) in files)
        {
            if (file is not null)
            {
                var last = file.Kind == LogFileKind.Compaction ? file.EndVersion : file.Version;
                if (last < keepFrom)
                {
                    doomed.Add((file.Version, entry.Path));
                }
            }
            else if (CrcName().Match(entry.Path) is { Success: true } crc)
            {
                var version = long.Parse(crc.Groups["v"].Value, CultureInfo.InvariantCulture);
                if (version < keepFrom)
                {
                    doomed.Add((version, entry.Path));
                }
            }
        }

        doomed.Sort((a, b) => a.Version != b.Version ? a.Version.CompareTo(b.Version) : string.CompareOrdinal(a.Path, b.Path));
        foreach (var (_, path) in doomed)
        {
            try
            {
                await store.DeleteAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectNotFoundException)
            {
                // Deleted concurrently: fine.
            }
        }

        return new DeltaLogCleanupResult(doomed.Select(d => d.Path).ToList(), keepFrom);
    }

    [GeneratedRegex(@"^_delta_log/(?<v>\d{20})\.crc$")]
    private static partial Regex CrcName();
}
