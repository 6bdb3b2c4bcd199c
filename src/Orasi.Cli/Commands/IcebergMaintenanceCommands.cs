using System.CommandLine;
using System.Globalization;
using Orasi.Cli.Hosting;
using Orasi.Connectors;
using Orasi.Connectors.Iceberg.Operations;
using Orasi.Connectors.Iceberg.Operations.Maintenance;
using Orasi.Connectors.Predicates;

namespace Orasi.Cli.Commands;

/// <summary>
/// Iceberg maintenance behind <c>orasi optimize</c> / <c>orasi vacuum</c> and the <c>orasi iceberg rewrite-manifests</c> and
/// <c>orasi iceberg remove-orphans</c> subcommands (filesystem-catalog tables addressed by location).
/// </summary>
internal static partial class IcebergCommand
{
    /// <summary>Below this retention, <c>vacuum</c> needs <c>--force</c>: younger unreferenced files may belong to commits in flight.</summary>
    public static readonly TimeSpan MinimumOrphanRetention = IcebergMaintenance.DefaultOrphanFileAge;

    /// <summary><c>orasi optimize</c> on an Iceberg table: bin-pack compaction with deletes applied.</summary>
    public static async Task<int> OptimizeAsync(CliContext context, string tableRoot, IReadOnlyDictionary<string, string> storageOptions, long? targetSize, Predicate? filter, int? minInputFiles, CancellationToken cancellationToken)
    {
        var (catalog, id) = await OpenCatalogAsync(tableRoot, storageOptions, createNamespace: false, cancellationToken).ConfigureAwait(false);
        await using (catalog.ConfigureAwait(false))
        {
            var result = await catalog.RewriteDataFilesAsync(id, new IcebergRewriteDataFilesOptions
            {
                TargetFileSizeBytes = targetSize,
                Filter = filter,
                MinInputFiles = minInputFiles ?? new IcebergRewriteDataFilesOptions().MinInputFiles,
            }, cancellationToken).ConfigureAwait(false);
            var line = result.Committed
                ? string.Create(CultureInfo.InvariantCulture,
                    $"Optimized to snapshot {result.Commit.SnapshotId}: removed {result.RewrittenDataFiles.Count} files ({result.RewrittenDataFiles.Sum(f => f.FileSizeInBytes)} bytes), added {result.AddedDataFiles.Count} files ({result.AddedDataFiles.Sum(f => f.FileSizeInBytes)} bytes), removed {result.RemovedDeleteFiles.Count} delete files, {result.RewrittenGroups} group(s) rewritten, {result.ConsideredFiles} files considered.")
                : string.Create(CultureInfo.InvariantCulture,
                    $"Nothing to optimize at snapshot {result.Commit.Metadata.CurrentSnapshotId?.ToString(CultureInfo.InvariantCulture) ?? "(none)"}: {result.ConsideredFiles} files considered, none needed rewriting.");
            await context.Output.WriteLineAsync(line).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// <c>orasi vacuum</c> on an Iceberg table: expire snapshots older than the retention (keeping
    /// <c>history.expire.min-snapshots-to-keep</c>, default 1), then remove orphan files older than the retention.
    /// Default retention: <c>history.expire.max-snapshot-age-ms</c>, else 5 days.
    /// </summary>
    public static async Task<int> VacuumAsync(CliContext context, string tableRoot, IReadOnlyDictionary<string, string> storageOptions, double? retentionHours, bool dryRun, bool force, CancellationToken cancellationToken)
    {
        var (catalog, id) = await OpenCatalogAsync(tableRoot, storageOptions, createNamespace: false, cancellationToken).ConfigureAwait(false);
        await using (catalog.ConfigureAwait(false))
        {
            Orasi.Connectors.Iceberg.Spec.TableMetadata metadata;
            await using (var table = await catalog.LoadTableAsync(id, cancellationToken).ConfigureAwait(false))
            {
                metadata = table.Metadata;
            }

            var props = metadata.Properties;
            var retention = retentionHours is { } h
                ? TimeSpan.FromHours(h)
                : TimeSpan.FromMilliseconds(props.TryGetValue("history.expire.max-snapshot-age-ms", out var age) && long.TryParse(age, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms >= 0 ? ms : TimeSpan.FromDays(5).TotalMilliseconds);
            if (retention < MinimumOrphanRetention && !force)
            {
                throw new ValidationFailedException(string.Create(CultureInfo.InvariantCulture,
                    $"Retention {retention.TotalHours} hours is shorter than the {MinimumOrphanRetention.TotalHours}-hour minimum for removing orphan files of Iceberg table '{tableRoot}' (files of commits in flight could be deleted). Pass --force to vacuum with this retention anyway."));
            }

            var retainLast = props.TryGetValue("history.expire.min-snapshots-to-keep", out var keep) && int.TryParse(keep, NumberStyles.Integer, CultureInfo.InvariantCulture, out var k) && k >= 1 ? k : 1;
            var cutoff = DateTimeOffset.UtcNow - retention;
            var files = new List<string>();
            int expired;
            if (dryRun)
            {
                var plan = await IcebergMaintenance.PlanExpireSnapshotsAsync(catalog, id, cutoff, retainLast, cancellationToken).ConfigureAwait(false);
                expired = plan.Snapshots.Count;
                files.AddRange(plan.Files);
            }
            else
            {
                var before = metadata.Snapshots.Count;
                var result = await catalog.ExpireSnapshotsAsync(id, cutoff, retainLast, cancellationToken).ConfigureAwait(false);
                expired = before - result.Metadata.Snapshots.Count;
                files.AddRange(result.PurgedFiles);
            }

            var orphans = await catalog.RemoveOrphanFilesAsync(id, cutoff, dryRun, cancellationToken).ConfigureAwait(false);
            files.AddRange(orphans.OrphanFiles);
            foreach (var file in files)
            {
                await context.Output.WriteLineAsync(file).ConfigureAwait(false);
            }

            var verb = dryRun ? "Would delete" : "Deleted";
            var expireVerb = dryRun ? "would expire" : "expired";
            await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{verb} {files.Count} files ({orphans.OrphanFiles.Count} orphan files, {orphans.Bytes} bytes); {expireVerb} {expired} snapshots; retention {retention.TotalHours} hours.")).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    private static Command RewriteManifestsCommand(CliContext context)
    {
        var uri = new Argument<string>("URI") { Description = "The table's directory: <warehouse>/<namespace>/<table>." };
        var storage = StorageOption();
        var target = new Option<long?>("--target-size") { Description = "Target manifest size in bytes (default: commit.manifest.target-size-bytes or 8 MiB)." };
        var command = new Command("rewrite-manifests", "Regroup the current snapshot's data manifests by partition into manifests of the target size.") { uri, storage, target };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(target) is <= 0)
            {
                throw new UsageException($"--target-size must be a positive number of bytes, got {parse.GetValue(target)}.");
            }

            var (catalog, id) = await OpenCatalogAsync(parse.GetRequiredValue(uri), StorageOptionsParser.Parse(parse.GetValue(storage)), createNamespace: false, cancellationToken).ConfigureAwait(false);
            await using (catalog.ConfigureAwait(false))
            {
                var result = await catalog.RewriteManifestsAsync(id, parse.GetValue(target), cancellationToken).ConfigureAwait(false);
                await context.Output.WriteLineAsync(result.Committed
                    ? string.Create(CultureInfo.InvariantCulture, $"Rewrote {result.RewrittenManifests} data manifests into {result.AddedManifests} ({result.EntriesProcessed} entries, {result.KeptManifests} delete manifests kept) in snapshot {result.Commit.SnapshotId}.")
                    : "Nothing to rewrite: the data manifests are already grouped.").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command RemoveOrphansCommand(CliContext context)
    {
        var uri = new Argument<string>("URI") { Description = "The table's directory: <warehouse>/<namespace>/<table>." };
        var storage = StorageOption();
        var olderThan = new Option<double?>("--older-than-hours") { Description = "Only remove files older than this many hours (default 72)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "List the orphan files without deleting them." };
        var command = new Command("remove-orphans", "Delete files under the table location that no snapshot of any retained metadata file references.") { uri, storage, olderThan, dryRun };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(olderThan) is { } hours && (hours < 0 || double.IsNaN(hours)))
            {
                throw new UsageException($"--older-than-hours must be zero or more, got {hours.ToString(CultureInfo.InvariantCulture)}.");
            }

            var (catalog, id) = await OpenCatalogAsync(parse.GetRequiredValue(uri), StorageOptionsParser.Parse(parse.GetValue(storage)), createNamespace: false, cancellationToken).ConfigureAwait(false);
            await using (catalog.ConfigureAwait(false))
            {
                var cutoff = DateTimeOffset.UtcNow - (parse.GetValue(olderThan) is { } h ? TimeSpan.FromHours(h) : IcebergMaintenance.DefaultOrphanFileAge);
                var result = await catalog.RemoveOrphanFilesAsync(id, cutoff, parse.GetValue(dryRun), cancellationToken).ConfigureAwait(false);
                foreach (var file in result.OrphanFiles)
                {
                    await context.Output.WriteLineAsync(file).ConfigureAwait(false);
                }

                await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{(result.DryRun ? "Would delete" : "Deleted")} {result.OrphanFiles.Count} orphan files ({result.Bytes} bytes); {result.ReachableFiles} files are referenced.")).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
