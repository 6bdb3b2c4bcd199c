using System.Globalization;
using System.Text.Json;
using Orasi.Connectors.DeltaLake.Log;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.DeltaLake.Writing;
using Orasi.Connectors.Predicates;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.DeltaLake.Transactions;

/// <summary>
/// An optimistic transaction on a Delta table: built on the state read at one version, it stages actions and records
/// what it read, then <see cref="CommitAsync"/> writes the next commit file with put-if-absent. When another writer
/// won that version, the winning commits are read and checked with <see cref="ConflictChecker"/>; if they commute with
/// this transaction it retries at the next version (up to <see cref="DeltaCommitProperties.MaxRetries"/> times).
/// </summary>
/// <remarks>Not thread-safe; commit a transaction once.</remarks>
internal sealed class DeltaTransaction
{
    private readonly IObjectStore _store;
    private readonly DeltaCommitProperties _properties;
    private readonly List<DeltaAction> _actions = [];
    private readonly List<Predicate> _readPredicates = [];
    private readonly HashSet<string> _readFiles = new(StringComparer.Ordinal);
    private bool _committed;

    /// <summary>Starts a transaction on <paramref name="readState"/>, or on an empty (not yet created) table when it is null.</summary>
    public DeltaTransaction(IObjectStore store, TableState? readState, DeltaCommitProperties? properties = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        ReadState = readState;
        _properties = properties ?? new DeltaCommitProperties();
        if (_properties.MaxRetries < 0)
        {
            throw new ValidationFailedException($"MaxRetries is {_properties.MaxRetries}; it must be zero or more.");
        }
    }

    /// <summary>The state this transaction read, or null when it creates the table.</summary>
    public TableState? ReadState { get; }

    /// <summary>The version read (-1 when creating the table).</summary>
    public long ReadVersion => ReadState?.Version ?? -1;

    /// <summary>The table location, for messages.</summary>
    public string TableUri => _store.Root.ToString();

    /// <summary>The operation name written to commitInfo (<c>WRITE</c>, <c>DELETE</c>, <c>CREATE TABLE</c>…).</summary>
    public string Operation { get; set; } = "WRITE";

    /// <summary>Operation parameters for commitInfo.</summary>
    public Dictionary<string, string> OperationParameters { get; } = new(StringComparer.Ordinal);

    /// <summary>Operation metrics for commitInfo (numFiles, numOutputRows, numOutputBytes…).</summary>
    public Dictionary<string, long> OperationMetrics { get; } = new(StringComparer.Ordinal);

    /// <summary>The staged actions.</summary>
    public IReadOnlyList<DeltaAction> Actions => _actions;

    /// <summary>True when the transaction read the whole table (a full overwrite); any concurrent append then conflicts.</summary>
    public bool ReadsWholeTable { get; private set; }

    /// <summary>Predicates of the data this transaction read; concurrent appends that may match them conflict.</summary>
    public IReadOnlyList<Predicate> ReadPredicates => _readPredicates;

    /// <summary>Paths of files this transaction read; concurrent removes of them conflict.</summary>
    public IReadOnlySet<string> ReadFilePaths => _readFiles;

    /// <summary>True when the transaction depends on data it read.</summary>
    public bool ReadsData => ReadsWholeTable || _readPredicates.Count > 0;

    /// <summary>True when the commit only adds new data without reading the table.</summary>
    public bool IsBlindAppend => !ReadsData && _readFiles.Count == 0
        && _actions.All(a => a is AddFile { DataChange: true } or SetTransaction or CommitInfo);

    /// <summary>Stages an action.</summary>
    public void Add(DeltaAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (action is CommitInfo)
        {
            throw new ArgumentException("The transaction writes its own commitInfo; set Operation and OperationParameters instead.", nameof(action));
        }

        _actions.Add(action);
    }

    /// <summary>Stages several actions.</summary>
    public void AddRange(IEnumerable<DeltaAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        foreach (var action in actions)
        {
            Add(action);
        }
    }

    /// <summary>Records that the transaction read the whole table.</summary>
    public void ReadWholeTable() => ReadsWholeTable = true;

    /// <summary>Records that the transaction read the rows matching <paramref name="predicate"/>.</summary>
    public void ReadPredicate(Predicate predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        _readPredicates.Add(predicate);
    }

    /// <summary>Records that the transaction read these files.</summary>
    public void ReadFiles(IEnumerable<AddFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var file in files)
        {
            _readFiles.Add(file.Path);
        }
    }

    /// <summary>Commits; returns the version written.</summary>
    /// <exception cref="CommitConflictException">A concurrent commit conflicts, or retries ran out.</exception>
    public async Task<long> CommitAsync(CancellationToken cancellationToken = default)
    {
        if (_committed)
        {
            throw new InvalidOperationException("The transaction was already committed; start a new one.");
        }

        var version = ReadVersion + 1;
        var metadata = _actions.OfType<Metadata>().LastOrDefault() ?? ReadState?.Metadata
            ?? throw new ValidationFailedException($"The first commit of the Delta table '{TableUri}' must contain a metaData action.");
        if (ReadState is null && !_actions.OfType<ProtocolAction>().Any())
        {
            throw new ValidationFailedException($"The first commit of the Delta table '{TableUri}' must contain a protocol action.");
        }

        var useIct = TableProperties.InCommitTimestamps(metadata);
        long? previousIct = ReadState is { } state && state.CommitInfos.TryGetValue(state.Version, out var info) ? info.InCommitTimestamp : null;
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            long? ict = useIct ? Math.Max(now, (previousIct ?? 0) + 1) : null;
            var content = DeltaActionSerializer.SerializeCommit([BuildCommitInfo(now, ict), .. _actions]);
            if (await _store.PutIfAbsentAsync(LogFileNames.CommitPath(version), content, cancellationToken).ConfigureAwait(false))
            {
                _committed = true;
                break;
            }

            if (attempt >= _properties.MaxRetries)
            {
                throw new CommitConflictException(string.Create(CultureInfo.InvariantCulture,
                    $"Commit to the Delta table '{TableUri}' gave up after {attempt + 1} attempt(s): version {version} was taken by a concurrent writer each time; retry later or raise MaxRetries."));
            }

            // Read every commit that won since our last attempt and check it against what we did.
            while (true)
            {
                var winning = await TryReadCommitAsync(version, cancellationToken).ConfigureAwait(false);
                if (winning is null)
                {
                    break;
                }

                ConflictChecker.Check(this, version, winning);
                previousIct = winning.OfType<CommitInfo>().FirstOrDefault()?.InCommitTimestamp ?? previousIct;
                version++;
            }
        }

        if (_properties.CreateCheckpoint && version > 0 && version % TableProperties.CheckpointInterval(metadata) == 0)
        {
            await TryCheckpointAsync(version, cancellationToken).ConfigureAwait(false);
        }

        return version;
    }

    private async Task TryCheckpointAsync(long version, CancellationToken cancellationToken)
    {
        try
        {
            var state = await LogReplay.LoadAsync(_store, version, cancellationToken).ConfigureAwait(false);
            await CheckpointWriter.WriteAsync(_store, state, cancellationToken).ConfigureAwait(false);
            await Operations.Maintenance.LogCleanup.AfterCheckpointAsync(_store, state.Metadata, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ConnectorException or IOException or ParquetSharp.ParquetException)
        {
            // The commit is durable; a missing checkpoint only makes later reads replay more commits.
            CheckpointFailure = ex;
        }
    }

    /// <summary>The error of a failed post-commit checkpoint (the commit itself succeeded), or null.</summary>
    public Exception? CheckpointFailure { get; private set; }

    private async Task<List<DeltaAction>?> TryReadCommitAsync(long version, CancellationToken cancellationToken)
    {
        var path = LogFileNames.CommitPath(version);
        try
        {
            var content = await _store.GetAsync(path, cancellationToken).ConfigureAwait(false);
            return DeltaActionSerializer.ParseCommit(content.Span, path);
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }

    private CommitInfo BuildCommitInfo(long now, long? ict)
    {
        var extra = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (ReadState is not null)
        {
            extra["readVersion"] = JsonSerializer.SerializeToElement(ReadState.Version);
        }

        if (OperationMetrics.Count > 0)
        {
            // Delta writes metric values as strings.
            extra["operationMetrics"] = JsonSerializer.SerializeToElement(
                OperationMetrics.ToDictionary(m => m.Key, m => m.Value.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal));
        }

        foreach (var (key, value) in _properties.CustomMetadata ?? new Dictionary<string, string>())
        {
            extra[key] = JsonSerializer.SerializeToElement(value);
        }

        return new CommitInfo
        {
            Timestamp = now,
            InCommitTimestamp = ict,
            Operation = Operation,
            OperationParameters = OperationParameters,
            EngineInfo = DeltaEngineInfo.EngineInfo,
            IsBlindAppend = IsBlindAppend,
            TxnId = Guid.NewGuid().ToString(),
            AdditionalFields = extra,
        };
    }
}
