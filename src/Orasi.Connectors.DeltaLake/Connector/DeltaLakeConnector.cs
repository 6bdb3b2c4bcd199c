using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Apache.Arrow;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orasi.Connectors.DeltaLake.Log;
using Orasi.Connectors.DeltaLake.Operations;
using Orasi.Connectors.DeltaLake.Scan;
using Orasi.Connectors.DeltaLake.Transactions;
using Orasi.Connectors.DeltaLake.Writing;
using Orasi.Connectors.Predicates;
using Orasi.Connectors.Storage;
using Orasi.Connectors.Telemetry;

namespace Orasi.Connectors.DeltaLake.Connector;

/// <summary>
/// The Delta Lake connector: a sink that appends Arrow batches to a Delta table and a source that scans it.
/// <see cref="WriteBatchAsync"/> streams batches into Parquet data files and commits one table version when
/// <see cref="Configuration.ConnectorOptions.BatchSize"/> rows or <see cref="DeltaLakeOptions.BufferBytes"/> bytes have been written,
/// on <see cref="FlushAsync"/> and on <see cref="DisconnectAsync"/>. The table is created by the first commit; telemetry
/// batches (<see cref="TelemetrySchemas"/>) create a table partitioned by <c>event_date</c>.
/// </summary>
/// <example>
/// <code>
/// await using var delta = new DeltaLakeConnector(DeltaLakeOptions.FromEnvironment());
/// await delta.ConnectAsync();
/// foreach (var batch in batches) await delta.WriteBatchAsync(batch);
/// await delta.FlushAsync();
/// await foreach (var batch in delta.ReadAsync(new ReadRequest { Filter = "status_code = 'STATUS_CODE_ERROR'", Limit = 100 })) { }
/// </code>
/// </example>
public sealed partial class DeltaLakeConnector : IRecordBatchSink, IRecordBatchSource
{
    private readonly DeltaLakeOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IObjectStore? _store;
    private PendingCommit? _pending;
    private long? _tableVersion;
    private long _nextAppVersion;
    private bool _overwriteDone;
    private bool _disposed;

    /// <summary>Creates the connector; nothing is opened until <see cref="ConnectAsync"/>.</summary>
    /// <param name="options">The options; <see cref="DeltaLakeOptions.TablePath"/> is required.</param>
    /// <param name="logger">Where to log commits and scans; secrets are never logged.</param>
    /// <exception cref="ValidationFailedException">The table path is missing.</exception>
    public DeltaLakeConnector(DeltaLakeOptions options, ILogger<DeltaLakeConnector>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.TablePath))
        {
            throw new ValidationFailedException("The Delta Lake connector needs a table path; set table_path in [connectors.deltalake] or DELTALAKE_TABLE_PATH.");
        }

        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public string Name => DeltaLakeOptions.ConnectorName;

    /// <summary>The table location as given in the options.</summary>
    public string TablePath => _options.TablePath!;

    /// <summary>The table version last seen or committed by this connection; null while there is no table.</summary>
    public long? TableVersion => _tableVersion;

    /// <summary>The result of the last commit of this connection, if any.</summary>
    public DeltaWriteResult? LastCommit { get; private set; }

    /// <summary>
    /// Opens the table location and validates it: the storage must be reachable and, when a table exists, its log
    /// must be readable. Nothing is created until the first commit.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <exception cref="ConnectionFailedException">The storage cannot be reached.</exception>
    /// <exception cref="CorruptDataException">The table's log cannot be read.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_store is not null)
            {
                return;
            }

            var store = ObjectStoreFactory.Open(_options.TablePath!, _options.StorageOptions);
            try
            {
                var state = await TryLoadAsync(store, cancellationToken).ConfigureAwait(false);
                if (state is null)
                {
                    var storage = await ObjectStoreHealth.CheckAsync(store, "", cancellationToken).ConfigureAwait(false);
                    if (!storage.IsHealthy)
                    {
                        throw new ConnectionFailedException($"The Delta table location '{store.Root}' cannot be reached: {storage.Description} Check table_path and storage_options.", storage.Exception);
                    }

                    if (LocalLocationProblem(store) is { } problem)
                    {
                        throw new ConnectionFailedException(problem);
                    }
                }

                Adopt(state);
                _store = store;
                LogConnected(_logger, store.Root, _tableVersion ?? -1);
            }
            catch
            {
                await store.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Commits what is pending, then closes the storage. The connector can connect again afterwards.</summary>
    /// <param name="cancellationToken">Cancels the final commit.</param>
    public async Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_store is null)
            {
                return;
            }

            try
            {
                await CommitPendingAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await _store.DisposeAsync().ConfigureAwait(false);
                _store = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Healthy with the version when the table is readable; Healthy ("no table yet") when the location is reachable
    /// but holds no table; Unhealthy when the storage cannot be reached or the log cannot be read. Never throws for
    /// those failures.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The status, with <c>version</c>, <c>files</c>, <c>location</c> and <c>latency_ms</c> data.</returns>
    public async Task<HealthStatus> HealthCheckAsync(CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        IObjectStore store;
        var owned = false;
        try
        {
            if (_store is { } open)
            {
                store = open;
            }
            else
            {
                store = ObjectStoreFactory.Open(_options.TablePath!, _options.StorageOptions);
                owned = true;
            }
        }
        catch (ConnectorException ex)
        {
            return HealthStatus.Unhealthy($"The Delta table location '{_options.TablePath}' is not usable: {ex.Message}", ex);
        }

        try
        {
            var data = new Dictionary<string, object> { ["location"] = store.Root.ToString() };
            try
            {
                var segment = await LogSegmentResolver.ResolveAsync(store, null, cancellationToken).ConfigureAwait(false);
                var state = await LogReplay.LoadAsync(store, segment.Version, cancellationToken).ConfigureAwait(false);
                data["version"] = state.Version;
                data["files"] = state.Files.Count;
                data["latency_ms"] = Math.Round(stopwatch.Elapsed.TotalMilliseconds, 1);
                return HealthStatus.Healthy(string.Create(CultureInfo.InvariantCulture,
                    $"Delta table at {store.Root} is readable at version {state.Version} ({state.Files.Count} files)."), data);
            }
            catch (TableNotFoundException)
            {
                var storage = await ObjectStoreHealth.CheckAsync(store, "", cancellationToken).ConfigureAwait(false);
                if (!storage.IsHealthy)
                {
                    return storage;
                }

                if (LocalLocationProblem(store) is { } problem)
                {
                    return HealthStatus.Unhealthy(problem, data: data);
                }

                data["latency_ms"] = Math.Round(stopwatch.Elapsed.TotalMilliseconds, 1);
                return HealthStatus.Healthy($"Storage at {store.Root} is reachable; no table yet (the first write creates it).", data);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // A health check reports failures instead of throwing them.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                return HealthStatus.Unhealthy($"The Delta table at {store.Root} cannot be read: {ex.Message}", ex, data);
            }
        }
        finally
        {
            if (owned)
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Writes a batch into the open commit, starting one if needed, and commits when the commit holds
    /// <see cref="Configuration.ConnectorOptions.BatchSize"/> rows or <see cref="DeltaLakeOptions.BufferBytes"/> bytes. The batch
    /// is fully consumed when this returns.
    /// </summary>
    /// <param name="batch">The rows, in the table's schema (or a new one with <see cref="DeltaLakeOptions.SchemaMode"/>).</param>
    /// <param name="cancellationToken">Cancels the write; the open commit is abandoned then.</param>
    /// <exception cref="InvalidOperationException">The connector is not connected.</exception>
    /// <exception cref="ValidationFailedException">The batch does not match the table.</exception>
    /// <exception cref="CommitConflictException">A concurrent commit conflicts with this one.</exception>
    public async Task WriteBatchAsync(RecordBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var store = RequireStore();
            if (batch.Length == 0)
            {
                return;
            }

            var pending = _pending ??= Begin(store, batch.Schema);
            try
            {
                await pending.WriteAsync(batch, ArrowSizeEstimator.Estimate(batch), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _pending = null;
                await pending.AbortAsync().ConfigureAwait(false);
                throw;
            }

            if (pending.Rows >= _options.BatchSize || pending.Bytes >= _options.BufferBytes)
            {
                await CommitPendingAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Commits the rows written since the last commit; does nothing when there are none.</summary>
    /// <param name="cancellationToken">Cancels the commit.</param>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _ = RequireStore();
            await CommitPendingAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The table's Arrow schema, projected to <see cref="ReadRequest.Columns"/> when given.</summary>
    /// <param name="request">Optional projection.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The schema of the latest version.</returns>
    /// <exception cref="TableNotFoundException">There is no table yet.</exception>
    public async Task<Schema> GetSchemaAsync(ReadRequest? request = null, CancellationToken cancellationToken = default)
    {
        var store = RequireStore();
        var state = await LogReplay.LoadAsync(store, null, cancellationToken).ConfigureAwait(false);
        var snapshot = new DeltaSnapshot(store, state);
        if (request?.Columns is not { Count: > 0 } columns)
        {
            return snapshot.Schema;
        }

        var builder = new Schema.Builder();
        foreach (var column in columns)
        {
            builder.Field(snapshot.Schema.GetFieldByName(column)
                ?? throw new ValidationFailedException($"The column '{column}' is not in the Delta table '{store.Root}'; choose from: {string.Join(", ", snapshot.Schema.FieldsList.Select(f => f.Name))}."));
        }

        return builder.Build();
    }

    /// <summary>
    /// Scans the latest version: <see cref="ReadRequest.Columns"/> projects, <see cref="ReadRequest.Filter"/> (parsed
    /// by <see cref="Predicate.Parse"/>) prunes files by partition values and statistics and filters rows exactly,
    /// <see cref="ReadRequest.Limit"/> stops early. Rows not yet committed by this connection are not visible.
    /// </summary>
    /// <param name="request">Projection, filter, limit and batch size.</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    /// <returns>The batches.</returns>
    /// <exception cref="TableNotFoundException">There is no table yet.</exception>
    public async IAsyncEnumerable<RecordBatch> ReadAsync(ReadRequest? request = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var store = RequireStore();
        var predicate = string.IsNullOrWhiteSpace(request?.Filter) ? null : Predicate.Parse(request.Filter);
        if (request?.Limit is < 0)
        {
            throw new ValidationFailedException($"The read limit {request.Limit} for '{store.Root}' must not be negative.");
        }

        using var activity = _options.EnableTracing ? DeltaLakeTelemetry.Instruments.Source.StartActivity("deltalake.scan") : null;
        var state = await LogReplay.LoadAsync(store, null, cancellationToken).ConfigureAwait(false);
        _tableVersion = state.Version;
        var snapshot = new DeltaSnapshot(store, state);
        activity?.SetTag("db.system", "deltalake");
        activity?.SetTag("deltalake.table", store.Root.ToString());
        activity?.SetTag("deltalake.version", state.Version);
        var options = new DeltaScanOptions
        {
            Columns = request?.Columns is { Count: > 0 } columns ? columns : null,
            Predicate = predicate,
            Limit = request?.Limit,
            BatchSize = request?.BatchSize is { } size and > 0 ? size : DeltaScanOptions.Default.BatchSize,
        };
        long rows = 0;
        await foreach (var batch in snapshot.ScanAsync(options, cancellationToken).ConfigureAwait(false))
        {
            rows += batch.Length;
            if (_options.EnableMetrics)
            {
                DeltaLakeTelemetry.Instruments.RowsRead.Add(batch.Length);
            }

            yield return batch;
        }

        activity?.SetTag("deltalake.rows", rows);
        LogScanned(_logger, store.Root, state.Version, rows);
    }

    /// <summary>Commits what is pending and releases the storage.</summary>
    /// <returns>A task that completes when closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            await DisconnectAsync().ConfigureAwait(false);
        }
        finally
        {
            _disposed = true;
            _gate.Dispose();
        }
    }

    private IObjectStore RequireStore()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _store ?? throw new InvalidOperationException($"The Delta Lake connector for '{_options.TablePath}' is not connected; call ConnectAsync first.");
    }

    private void Adopt(TableState? state)
    {
        _tableVersion = state?.Version;
        _nextAppVersion = _options.AppId is { } appId && state is not null && state.Transactions.TryGetValue(appId, out var txn) ? txn.Version + 1 : 0;
    }

    private PendingCommit Begin(IObjectStore store, Schema schema)
    {
        var overwrite = _options.Mode == DeltaWriteMode.Overwrite && !_overwriteDone;
        var partitionBy = _options.PartitionBy is { Count: > 0 } configured ? (IReadOnlyList<string>)configured
            : _tableVersion is null ? DefaultPartitioning(schema)
            : null;
        var options = new DeltaWriteOptions
        {
            Mode = overwrite ? DeltaWriteMode.Overwrite : DeltaWriteMode.Append,
            PartitionBy = partitionBy,
            SchemaMode = overwrite || _options.SchemaMode != DeltaSchemaMode.Overwrite ? _options.SchemaMode : DeltaSchemaMode.Merge,
            TargetFileSize = _options.TargetFileSize,
            Compression = _options.Compression,
            AppId = _options.AppId,
            AppVersion = _options.AppId is null ? null : _nextAppVersion,
            Configuration = _options.TableProperties(),
            CommitProperties = new DeltaCommitProperties { MaxRetries = Math.Max(DeltaCommitProperties.DefaultMaxRetries, _options.RetryAttempts) },
        };
        return new PendingCommit(batches => DeltaTableWriter.WriteAsync(store, batches, options, CancellationToken.None));
    }

    private static List<string>? DefaultPartitioning(Schema schema)
    {
        if (schema.Metadata is null || !schema.Metadata.TryGetValue(TelemetrySchemas.PartitionColumnsMetadataKey, out var columns) || string.IsNullOrWhiteSpace(columns))
        {
            return null;
        }

        var names = columns.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        return names.All(n => schema.GetFieldIndex(n) >= 0) ? names : null;
    }

    private async Task CommitPendingAsync(CancellationToken cancellationToken)
    {
        if (_pending is not { } pending)
        {
            return;
        }

        _pending = null;
        var store = _store!;
        using var activity = _options.EnableTracing ? DeltaLakeTelemetry.Instruments.Source.StartActivity("deltalake.commit") : null;
        activity?.SetTag("db.system", "deltalake");
        activity?.SetTag("deltalake.table", store.Root.ToString());
        var stopwatch = Stopwatch.StartNew();
        DeltaWriteResult result;
        try
        {
            result = await pending.CompleteAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            LogCommitFailed(_logger, ex, store.Root, pending.Rows);
            throw;
        }

        LastCommit = result;
        _tableVersion = result.Version;
        if (_options.Mode == DeltaWriteMode.Overwrite)
        {
            _overwriteDone = true;
        }

        if (_options.AppId is not null && !result.Skipped)
        {
            _nextAppVersion++;
        }

        activity?.SetTag("deltalake.version", result.Version);
        activity?.SetTag("deltalake.rows", result.RowsWritten);
        activity?.SetTag("deltalake.files", result.FilesAdded);
        if (_options.EnableMetrics && !result.Skipped)
        {
            DeltaLakeTelemetry.Instruments.Commits.Add(1);
            DeltaLakeTelemetry.Instruments.RowsWritten.Add(result.RowsWritten);
            DeltaLakeTelemetry.Instruments.BytesWritten.Add(result.BytesWritten);
        }

        LogCommitted(_logger, store.Root, result.Version, result.RowsWritten, result.FilesAdded, result.BytesWritten, stopwatch.Elapsed.TotalMilliseconds);
    }

    /// <summary>For a local table that does not exist yet: why its directory could not be created, or null.</summary>
    private static string? LocalLocationProblem(IObjectStore store)
    {
        if (store is not LocalFileObjectStore local || Directory.Exists(local.RootDirectory))
        {
            return null;
        }

        for (var path = Path.GetDirectoryName(local.RootDirectory); !string.IsNullOrEmpty(path); path = Path.GetDirectoryName(path))
        {
            if (Directory.Exists(path))
            {
                return null;
            }

            if (File.Exists(path))
            {
                return $"The Delta table directory '{local.RootDirectory}' cannot be created because '{path}' is a file; choose another table_path.";
            }
        }

        return $"The Delta table directory '{local.RootDirectory}' has no existing parent directory; check table_path.";
    }

    private static async Task<TableState?> TryLoadAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        try
        {
            return await LogReplay.LoadAsync(store, null, cancellationToken).ConfigureAwait(false);
        }
        catch (TableNotFoundException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Connected to Delta table {Location} at version {Version} (-1: no table yet)")]
    private static partial void LogConnected(ILogger logger, Uri location, long version);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Committed version {Version} of {Location}: {Rows} rows in {Files} files ({Bytes} bytes) in {ElapsedMs:F0} ms")]
    private static partial void LogCommitted(ILogger logger, Uri location, long version, long rows, int files, long bytes, double elapsedMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Commit of {Rows} rows to {Location} failed")]
    private static partial void LogCommitFailed(ILogger logger, Exception exception, Uri location, long rows);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Scanned version {Version} of {Location}: {Rows} rows")]
    private static partial void LogScanned(ILogger logger, Uri location, long version, long rows);
}
