using Orasi.Connectors.DeltaLake.Log;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.DeltaLake;

/// <summary>
/// An open Delta table: gives snapshots at the latest version, a given version or a timestamp, and the commit history.
/// </summary>
/// <example>
/// <code>
/// await using var table = await DeltaTable.OpenAsync("s3://bucket/events");
/// var snapshot = await table.GetSnapshotAsync();
/// await foreach (var batch in snapshot.ScanAsync(new DeltaScanOptions { Predicate = Predicate.Parse("day = '2024-01-01'") }))
/// {
///     // use batch
/// }
/// </code>
/// </example>
public sealed partial class DeltaTable : IAsyncDisposable
{
    private readonly IObjectStore _store;
    private readonly bool _ownsStore;

    private DeltaTable(IObjectStore store, bool ownsStore)
    {
        _store = store;
        _ownsStore = ownsStore;
    }

    /// <summary>The table's root location.</summary>
    public Uri Location => _store.Root;

    /// <summary>Opens the Delta table at <paramref name="uri"/> (a local path, <c>file://</c>, <c>s3://</c> or <c>memory://</c>).</summary>
    /// <param name="uri">The table root.</param>
    /// <param name="storageOptions">Object store options (delta-rs key names), e.g. S3 endpoint and credentials.</param>
    /// <param name="cancellationToken">Cancels the log listing.</param>
    /// <exception cref="TableNotFoundException">There is no Delta log at the location.</exception>
    public static async Task<DeltaTable> OpenAsync(string uri, IReadOnlyDictionary<string, string>? storageOptions = null, CancellationToken cancellationToken = default)
    {
        var store = ObjectStoreFactory.Open(uri, storageOptions);
        try
        {
            return await OpenAsync(store, ownsStore: true, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Opens the table rooted at an existing store.</summary>
    internal static async Task<DeltaTable> OpenAsync(IObjectStore store, bool ownsStore, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        _ = await LogSegmentResolver.ResolveAsync(store, version: null, cancellationToken).ConfigureAwait(false);
        return new DeltaTable(store, ownsStore);
    }

    /// <summary>The snapshot at <paramref name="version"/>, or at the latest version when null.</summary>
    /// <exception cref="ValidationFailedException">The version does not exist (the message gives the available range).</exception>
    /// <exception cref="UnsupportedFeatureException">The table needs a reader feature this library lacks.</exception>
    /// <exception cref="CorruptDataException">The log is damaged.</exception>
    public async Task<DeltaSnapshot> GetSnapshotAsync(long? version = null, CancellationToken cancellationToken = default)
    {
        var state = await LogReplay.LoadAsync(_store, version, cancellationToken).ConfigureAwait(false);
        return new DeltaSnapshot(_store, state);
    }

    /// <summary>
    /// The snapshot of the newest version committed at or before <paramref name="timestamp"/>: in-commit timestamps
    /// decide when <c>delta.enableInCommitTimestamps</c> is on, commit file modification times otherwise.
    /// </summary>
    /// <exception cref="ValidationFailedException">The timestamp is before the table's earliest available commit.</exception>
    public async Task<DeltaSnapshot> GetSnapshotAtTimestampAsync(DateTimeOffset timestamp, CancellationToken cancellationToken = default)
    {
        var latest = await LogReplay.LoadAsync(_store, null, cancellationToken).ConfigureAwait(false);
        var version = await CommitTimeline.VersionAtAsync(_store, latest, timestamp, cancellationToken).ConfigureAwait(false);
        return version == latest.Version ? new DeltaSnapshot(_store, latest) : await GetSnapshotAsync(version, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The commits of the table, newest first.</summary>
    /// <param name="limit">The most entries to return; null for all commit files still in the log.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<IReadOnlyList<DeltaHistoryEntry>> HistoryAsync(int? limit = null, CancellationToken cancellationToken = default)
    {
        if (limit < 0)
        {
            throw new ValidationFailedException($"The history limit {limit} for '{_store.Root}' must not be negative.");
        }

        var commits = await CommitTimeline.ListCommitsAsync(_store, cancellationToken).ConfigureAwait(false);
        commits.Reverse();
        var selected = commits.Take(limit ?? int.MaxValue).ToList();
        var infos = await Task.WhenAll(selected.Select(c => CommitTimeline.ReadCommitInfoAsync(_store, c, cancellationToken))).ConfigureAwait(false);
        return selected.Select((c, i) =>
        {
            var info = infos[i];
            var millis = info?.InCommitTimestamp ?? info?.Timestamp;
            return new DeltaHistoryEntry(
                c.Version,
                millis is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : c.LastModified,
                info?.Operation,
                info?.OperationParameters ?? new Dictionary<string, string>(),
                info);
        }).ToList();
    }

    /// <summary>Closes the table's object store.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_ownsStore)
        {
            await _store.DisposeAsync().ConfigureAwait(false);
        }
    }
}
