using System.Globalization;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.DeltaLake.Log;

/// <summary>
/// Reconstructs a table's state at a version: reads the segment's checkpoint (with V2 sidecars) and then each commit in
/// order, applying the spec's action reconciliation (latest protocol/metadata win, the newest file action per
/// (path, dvId) wins, latest txn per appId, domain tombstones suppress domains).
/// </summary>
internal static class LogReplay
{
    private const int MaxParallelReads = 8;

    /// <summary>Commits at least this large are parsed on the thread pool, so several parse at once.</summary>
    private const int ParallelParseThreshold = 256 * 1024;

    /// <summary>Resolves the segment for <paramref name="version"/> (latest when null) and replays it.</summary>
    public static async Task<TableState> LoadAsync(IObjectStore store, long? version = null, CancellationToken cancellationToken = default)
    {
        var segment = await LogSegmentResolver.ResolveAsync(store, version, cancellationToken).ConfigureAwait(false);
        return await ReplayAsync(store, segment, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replays a resolved segment.</summary>
    /// <exception cref="CorruptDataException">A file is corrupt, or the protocol or metadata is missing.</exception>
    /// <exception cref="UnsupportedFeatureException">The table needs a protocol version or feature this library lacks.</exception>
    public static async Task<TableState> ReplayAsync(IObjectStore store, LogSegment segment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(segment);
        var table = store.Root.ToString();
        var state = new Builder();

        foreach (var checkpoint in segment.CheckpointFiles)
        {
            var actions = await ReadCheckpointAsync(store, checkpoint, cancellationToken).ConfigureAwait(false);
            var sidecars = actions.OfType<Sidecar>().ToList();
            state.Apply(actions, version: null);
            foreach (var sidecar in sidecars)
            {
                var path = DeltaPaths.IsAbsolute(sidecar.Path)
                    ? DeltaPaths.ToTablePath(sidecar.Path, store.Root)
                        ?? throw new CorruptDataException($"The checkpoint '{checkpoint.Path}' of '{table}' references the sidecar '{sidecar.Path}' outside the table; sidecars must live in _delta_log/_sidecars.")
                    : LogFileNames.SidecarDirectory + DeltaPaths.DecodeRelative(sidecar.Path);
                var sidecarActions = await ReadSidecarAsync(store, path, checkpoint, cancellationToken).ConfigureAwait(false);
                state.Apply(sidecarActions, version: null);
            }
        }

        // Fetch and parse commits with bounded parallelism (parsing large commits is CPU-bound), apply strictly in version order.
        var commits = segment.Commits;
        for (var start = 0; start < commits.Count; start += MaxParallelReads)
        {
            var window = commits.Skip(start).Take(MaxParallelReads).ToList();
            var parsed = await Task.WhenAll(window.Select(c => ReadAndParseCommitAsync(store, c, table, cancellationToken))).ConfigureAwait(false);
            for (var i = 0; i < window.Count; i++)
            {
                state.Apply(parsed[i], window[i].Version);
            }
        }

        var protocol = state.Protocol ?? throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture,
            $"The Delta log of '{table}' has no protocol action up to version {segment.Version} (checkpoint: {segment.CheckpointVersion?.ToString(CultureInfo.InvariantCulture) ?? "none"}); the log is corrupt or truncated."));
        DeltaProtocolSupport.EnsureReadable(protocol, table);
        var metadata = state.Metadata ?? throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture,
            $"The Delta log of '{table}' has no metaData action up to version {segment.Version} (checkpoint: {segment.CheckpointVersion?.ToString(CultureInfo.InvariantCulture) ?? "none"}); the log is corrupt or truncated."));

        return new TableState
        {
            Version = segment.Version,
            Protocol = protocol,
            Metadata = metadata,
            Files = state.Files,
            Tombstones = state.Tombstones,
            Transactions = state.Transactions,
            Domains = state.Domains.Where(d => !d.Value.Removed).ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal),
            CommitInfos = state.CommitInfos,
            Segment = segment,
        };
    }

    private static async Task<List<DeltaAction>> ReadAndParseCommitAsync(IObjectStore store, LogFile commit, string table, CancellationToken cancellationToken)
    {
        var content = await ReadCommitAsync(store, commit, table, cancellationToken).ConfigureAwait(false);
        return content.Length < ParallelParseThreshold
            ? DeltaActionSerializer.ParseCommit(content.Span, commit.Path)
            : await Task.Run(() => DeltaActionSerializer.ParseCommit(content.Span, commit.Path), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ReadOnlyMemory<byte>> ReadCommitAsync(IObjectStore store, LogFile commit, string table, CancellationToken cancellationToken)
    {
        try
        {
            return await store.GetAsync(commit.Path, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectNotFoundException ex)
        {
            throw new CorruptDataException($"The Delta commit '{commit.Path}' of '{table}' was listed but could not be read (it vanished); retry, and check nothing is deleting log files.", ex);
        }
    }

    private static async Task<List<DeltaAction>> ReadCheckpointAsync(IObjectStore store, LogFile checkpoint, CancellationToken cancellationToken)
    {
        if (checkpoint.IsParquet)
        {
            return await CheckpointReader.ReadParquetAsync(store, checkpoint.Path, cancellationToken).ConfigureAwait(false);
        }

        var content = await store.GetAsync(checkpoint.Path, cancellationToken).ConfigureAwait(false);
        return DeltaActionSerializer.ParseCommit(content.Span, checkpoint.Path);
    }

    private static async Task<List<DeltaAction>> ReadSidecarAsync(IObjectStore store, string path, LogFile checkpoint, CancellationToken cancellationToken)
    {
        try
        {
            return await CheckpointReader.ReadParquetAsync(store, path, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectNotFoundException ex)
        {
            throw new CorruptDataException($"The sidecar file '{path}' referenced by checkpoint '{checkpoint.Path}' is missing; the checkpoint is unusable and the sidecar must be restored.", ex);
        }
    }

    /// <summary>Mutable accumulator for reconciliation.</summary>
    private sealed class Builder
    {
        public ProtocolAction? Protocol { get; private set; }

        public Metadata? Metadata { get; private set; }

        public Dictionary<LogicalFileKey, AddFile> Files { get; } = [];

        public Dictionary<LogicalFileKey, RemoveFile> Tombstones { get; } = [];

        public Dictionary<string, SetTransaction> Transactions { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, DomainMetadata> Domains { get; } = new(StringComparer.Ordinal);

        public Dictionary<long, CommitInfo> CommitInfos { get; } = [];

        public void Apply(IEnumerable<DeltaAction> actions, long? version)
        {
            foreach (var action in actions)
            {
                switch (action)
                {
                    case AddFile add:
                        Tombstones.Remove(add.Key);
                        Files[add.Key] = add;
                        break;
                    case RemoveFile remove:
                        Files.Remove(remove.Key);
                        Tombstones[remove.Key] = remove;
                        break;
                    case ProtocolAction protocol:
                        Protocol = protocol;
                        break;
                    case Metadata metadata:
                        Metadata = metadata;
                        break;
                    case SetTransaction txn:
                        Transactions[txn.AppId] = txn;
                        break;
                    case DomainMetadata domain:
                        Domains[domain.Domain] = domain;
                        break;
                    case CommitInfo info when version is { } v:
                        CommitInfos[v] = info;
                        break;
                }
            }
        }
    }
}
