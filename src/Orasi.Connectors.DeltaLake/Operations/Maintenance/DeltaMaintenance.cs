using Orasi.Connectors.DeltaLake.Log;
using Orasi.Connectors.DeltaLake.Transactions;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.DeltaLake.Operations.Maintenance;

/// <summary>
/// Table maintenance for Delta tables: OPTIMIZE (bin-packing compaction and Z-order), VACUUM (delete files no
/// retained version needs), RESTORE (bring back an earlier version) and expired log cleanup.
/// </summary>
/// <example>
/// <code>
/// await DeltaMaintenance.OptimizeAsync("s3://lake/spans", new DeltaOptimizeOptions { ZOrderBy = ["service_name", "timestamp"] });
/// var vacuum = await DeltaMaintenance.VacuumAsync("s3://lake/spans", new DeltaVacuumOptions { DryRun = true });
/// await DeltaMaintenance.RestoreAsync("s3://lake/spans", version: 12);
/// </code>
/// </example>
public static class DeltaMaintenance
{
    /// <summary>
    /// Compacts small files (and files with deletion vectors, which are rewritten without their deleted rows) into
    /// files of about the target size, per partition; with <see cref="DeltaOptimizeOptions.ZOrderBy"/> every file of
    /// each selected partition is rewritten in Z-order. Commits an OPTIMIZE version with <c>dataChange=false</c>
    /// actions; nothing is committed when no file needs rewriting.
    /// </summary>
    /// <param name="uri">The table location.</param>
    /// <param name="options">Target size, partition filter, Z-order columns, parallelism.</param>
    /// <param name="storageOptions">Object store options.</param>
    /// <param name="cancellationToken">Cancels the operation; nothing is committed then.</param>
    /// <exception cref="TableNotFoundException">There is no Delta table at <paramref name="uri"/>.</exception>
    /// <exception cref="ValidationFailedException">The options are invalid (for example a filter on a non-partition column).</exception>
    /// <exception cref="CommitConflictException">A concurrent commit removed a file this OPTIMIZE rewrote.</exception>
    public static async Task<DeltaOptimizeResult> OptimizeAsync(string uri, DeltaOptimizeOptions? options = null, IReadOnlyDictionary<string, string>? storageOptions = null,
        CancellationToken cancellationToken = default)
    {
        await using var store = ObjectStoreFactory.Open(uri, storageOptions);
        return await Optimizer.RunAsync(store, options ?? new DeltaOptimizeOptions(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes the files in the table directory that neither the current version nor any version within the
    /// retention window references and that are older than the window; the log and hidden paths are never touched.
    /// A real run commits VACUUM START and VACUUM END (commitInfo only).
    /// </summary>
    /// <param name="uri">The table location.</param>
    /// <param name="options">Retention, dry run, retention check.</param>
    /// <param name="storageOptions">Object store options.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The files deleted (or, in a dry run, that would be deleted).</returns>
    /// <exception cref="ValidationFailedException">The retention is shorter than <c>delta.deletedFileRetentionDuration</c> and the check is on.</exception>
    public static async Task<DeltaVacuumResult> VacuumAsync(string uri, DeltaVacuumOptions? options = null, IReadOnlyDictionary<string, string>? storageOptions = null,
        CancellationToken cancellationToken = default)
    {
        await using var store = ObjectStoreFactory.Open(uri, storageOptions);
        return await Vacuumer.RunAsync(store, options ?? new DeltaVacuumOptions(), DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Restores the table to <paramref name="version"/> with one RESTORE commit (files and metadata; the protocol is never downgraded).</summary>
    /// <param name="uri">The table location.</param>
    /// <param name="version">The version to restore.</param>
    /// <param name="storageOptions">Object store options.</param>
    /// <param name="commitProperties">Commit options.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="ValidationFailedException">The version does not exist, or files it needs were vacuumed.</exception>
    public static async Task<DeltaRestoreResult> RestoreAsync(string uri, long version, IReadOnlyDictionary<string, string>? storageOptions = null,
        DeltaCommitProperties? commitProperties = null, CancellationToken cancellationToken = default)
    {
        await using var store = ObjectStoreFactory.Open(uri, storageOptions);
        return await Restorer.RunAsync(store, version, null, commitProperties, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Restores the table to the version current at <paramref name="timestamp"/>.</summary>
    /// <param name="uri">The table location.</param>
    /// <param name="timestamp">The point in time.</param>
    /// <param name="storageOptions">Object store options.</param>
    /// <param name="commitProperties">Commit options.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="ValidationFailedException">The timestamp is before the table's history, or files the version needs were vacuumed.</exception>
    public static async Task<DeltaRestoreResult> RestoreAsync(string uri, DateTimeOffset timestamp, IReadOnlyDictionary<string, string>? storageOptions = null,
        DeltaCommitProperties? commitProperties = null, CancellationToken cancellationToken = default)
    {
        await using var store = ObjectStoreFactory.Open(uri, storageOptions);
        return await Restorer.RunAsync(store, null, timestamp, commitProperties, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes log files (commits, checkpoints, compactions, CRCs) older than <c>delta.logRetentionDuration</c>
    /// (default 30 days) that lie before the newest checkpoint all earlier commits of which have expired; every
    /// version from that checkpoint on stays readable. Also runs automatically after each checkpoint unless
    /// <c>delta.enableExpiredLogCleanup</c> is false.
    /// </summary>
    /// <param name="uri">The table location.</param>
    /// <param name="storageOptions">Object store options.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public static async Task<DeltaLogCleanupResult> CleanupLogAsync(string uri, IReadOnlyDictionary<string, string>? storageOptions = null, CancellationToken cancellationToken = default)
    {
        await using var store = ObjectStoreFactory.Open(uri, storageOptions);
        var state = await LogReplay.LoadAsync(store, null, cancellationToken).ConfigureAwait(false);
        return await LogCleanup.RunAsync(store, state.Metadata, DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
    }
}
