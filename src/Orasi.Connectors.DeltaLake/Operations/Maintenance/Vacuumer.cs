using System.Globalization;
using Orasi.Connectors.DeltaLake.Log;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.DeltaLake.Transactions;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.DeltaLake.Operations.Maintenance;

/// <summary>
/// VACUUM: deletes files under the table root that no version within the retention window needs. Kept: everything
/// in <c>_delta_log/</c> and other hidden paths (a path segment starting with <c>_</c> or <c>.</c>, except partition
/// directories and <c>_change_data</c>), files of live add actions and of tombstones deleted after the cutoff (with
/// their deletion vector files), change-data files of commits newer than the cutoff, and any file modified after the
/// cutoff. A real run is recorded as two commitInfo-only commits, VACUUM START and VACUUM END, like delta-rs.
/// </summary>
internal static class Vacuumer
{
    private const string ChangeDataDirectory = "_change_data";

    public static async Task<DeltaVacuumResult> RunAsync(IObjectStore store, DeltaVacuumOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        var table = store.Root.ToString();
        if (options.RetentionHours is { } hours && (hours < 0 || double.IsNaN(hours) || double.IsInfinity(hours)))
        {
            throw new ValidationFailedException($"The VACUUM retention of {hours.ToString(CultureInfo.InvariantCulture)} hours for '{table}' is invalid; give zero or more hours.");
        }

        if (options.MaxConcurrentDeletes < 1)
        {
            throw new ValidationFailedException($"MaxConcurrentDeletes is {options.MaxConcurrentDeletes} for the VACUUM of '{table}'; it must be at least 1.");
        }

        var state = await LogReplay.LoadAsync(store, null, cancellationToken).ConfigureAwait(false);
        var configured = TableProperties.DeletedFileRetention(state.Metadata);
        var retention = options.RetentionHours is { } h ? TimeSpan.FromHours(h) : configured;
        if (options.EnforceRetentionDuration && retention < configured)
        {
            throw new ValidationFailedException(string.Create(CultureInfo.InvariantCulture,
                $"VACUUM of '{table}' with a retention of {retention.TotalHours} hours is shorter than the table's delta.deletedFileRetentionDuration of {configured.TotalHours} hours, so it could delete files that readers of recent versions still need; use a retention of at least {configured.TotalHours} hours, or set EnforceRetentionDuration=false (orasi vacuum --force) to override the check."));
        }

        var cutoff = now - retention;
        var cutoffMillis = cutoff.ToUnixTimeMilliseconds();
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var add in state.Files.Values)
        {
            KeepFile(keep, add.Path, add.DeletionVector, store.Root);
        }

        foreach (var remove in state.Tombstones.Values.Where(r => (r.DeletionTimestamp ?? 0) > cutoffMillis))
        {
            KeepFile(keep, remove.Path, remove.DeletionVector, store.Root);
        }

        await KeepRecentChangeDataAsync(store, keep, cutoff, cancellationToken).ConfigureAwait(false);
        var partitionPrefixes = state.Metadata.PartitionColumns
            .Select(c => (state.Metadata.ParseSchema().FindField(c)?.PhysicalNameFor(state.Metadata.ColumnMappingMode) ?? c) + "=")
            .ToList();

        var doomed = new List<ObjectMetadata>();
        await foreach (var entry in store.ListAsync(string.Empty, cancellationToken).ConfigureAwait(false))
        {
            if (IsHidden(entry.Path, partitionPrefixes) || keep.Contains(entry.Path) || entry.LastModified > cutoff)
            {
                continue;
            }

            doomed.Add(entry);
        }

        doomed.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        var files = doomed.Select(d => d.Path).ToList();
        var bytes = doomed.Sum(d => d.Size);
        if (options.DryRun || doomed.Count == 0)
        {
            return new DeltaVacuumResult(options.DryRun, files, bytes, retention, null, null);
        }

        var start = new DeltaTransaction(store, state, new DeltaCommitProperties()) { Operation = "VACUUM START" };
        start.OperationParameters["retentionCheckEnabled"] = options.EnforceRetentionDuration ? "true" : "false";
        start.OperationParameters["specifiedRetentionMillis"] = ((long)retention.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        start.OperationParameters["defaultRetentionMillis"] = ((long)configured.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        start.OperationMetrics["numFilesToDelete"] = doomed.Count;
        start.OperationMetrics["sizeOfDataToDelete"] = bytes;
        var startVersion = await start.CommitAsync(cancellationToken).ConfigureAwait(false);

        await Parallel.ForEachAsync(doomed, new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrentDeletes, CancellationToken = cancellationToken },
            async (entry, token) =>
            {
                try
                {
                    await store.DeleteAsync(entry.Path, token).ConfigureAwait(false);
                }
                catch (ObjectNotFoundException)
                {
                    // Already gone (a concurrent vacuum): the goal is reached.
                }
            }).ConfigureAwait(false);

        var end = new DeltaTransaction(store, state, new DeltaCommitProperties()) { Operation = "VACUUM END" };
        end.OperationParameters["status"] = "COMPLETED";
        end.OperationMetrics["numDeletedFiles"] = doomed.Count;
        end.OperationMetrics["numVacuumedDirectories"] = 0;
        var endVersion = await end.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new DeltaVacuumResult(false, files, bytes, retention, startVersion, endVersion);
    }

    /// <summary>True for paths VACUUM never touches: any segment starting with <c>_</c> or <c>.</c> that is not a partition directory or <c>_change_data</c>.</summary>
    internal static bool IsHidden(string path, IReadOnlyList<string> partitionPrefixes)
    {
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!(segment.StartsWith('_') || segment.StartsWith('.')))
            {
                continue;
            }

            if (string.Equals(segment, ChangeDataDirectory, StringComparison.Ordinal)
                || partitionPrefixes.Any(p => segment.StartsWith(p, StringComparison.Ordinal)))
            {
                continue;
            }

            return true;
        }

        return false;
    }

    private static void KeepFile(HashSet<string> keep, string path, DeletionVectorDescriptor? dv, Uri root)
    {
        if (DeltaPaths.ToTablePath(path, root) is { } file)
        {
            keep.Add(file);
        }

        if (dv is { StorageType: "u" })
        {
            keep.Add(dv.RelativePath());
        }
        else if (dv is { StorageType: "p" } && DeltaPaths.ToTablePath(dv.PathOrInlineDv, root) is { } dvPath)
        {
            keep.Add(dvPath);
        }
    }

    /// <summary>Keeps the change-data files written by commits newer than the cutoff (readers of the change feed within retention need them).</summary>
    private static async Task KeepRecentChangeDataAsync(IObjectStore store, HashSet<string> keep, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var commits = await CommitTimeline.ListCommitsAsync(store, cancellationToken).ConfigureAwait(false);
        foreach (var commit in commits.Where(c => c.LastModified > cutoff))
        {
            ReadOnlyMemory<byte> content;
            try
            {
                content = await store.GetAsync(commit.Path, cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectNotFoundException)
            {
                continue;
            }

            foreach (var cdc in DeltaActionSerializer.ParseCommit(content.Span, commit.Path).OfType<AddCdcFile>())
            {
                if (DeltaPaths.ToTablePath(cdc.Path, store.Root) is { } path)
                {
                    keep.Add(path);
                }
            }
        }
    }
}
