using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Apache.Arrow;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Operations;
using Orasi.Connectors.Iceberg.Scan;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Predicates;
using Orasi.Connectors.Telemetry;

namespace Orasi.Connectors.Iceberg.Connector;

/// <summary>
/// The Iceberg connector: a sink that appends Arrow batches to an Iceberg table through a catalog (filesystem, SQLite
/// or REST) and a source that scans it. <see cref="WriteBatchAsync"/> streams rows into Parquet data files right away
/// and commits one snapshot (a fast append, rebased and retried when concurrent writers win) when
/// <see cref="Configuration.ConnectorOptions.BatchSize"/> rows are pending, on <see cref="FlushAsync"/> and on
/// <see cref="DisconnectAsync"/>. The namespace and table are created by the first write with the batch's schema;
/// telemetry batches (<see cref="TelemetrySchemas"/>) get a <c>day(timestamp)</c> partition spec. Timestamps are
/// stored as microsecond timestamps (format v2 has no nanosecond type).
/// </summary>
/// <example>
/// <code>
/// await using var iceberg = new IcebergConnector(IcebergOptions.FromEnvironment());
/// await iceberg.ConnectAsync();
/// foreach (var batch in batches) await iceberg.WriteBatchAsync(batch);
/// await iceberg.FlushAsync();
/// await foreach (var batch in iceberg.ReadAsync(new ReadRequest { Filter = "service_name = 'checkout'", Limit = 100 })) { }
/// </code>
/// </example>
public sealed partial class IcebergConnector : IRecordBatchSink, IRecordBatchSource
{
    private readonly IcebergOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly IIcebergCatalog? _givenCatalog;
    private IIcebergCatalog? _catalog;
    private DataFileWriter? _pending;
    private TableMetadata? _pendingBase;
    private long _pendingRows;
    private bool _disposed;

    /// <summary>Creates the connector; nothing is opened until <see cref="ConnectAsync"/>.</summary>
    /// <param name="options">The options; <see cref="IcebergOptions.Table"/> is required.</param>
    /// <param name="logger">Where to log commits and scans; secrets are never logged.</param>
    /// <param name="catalog">A catalog to use instead of opening the one the options name (not disposed by the connector).</param>
    /// <exception cref="ValidationFailedException">The options are incomplete.</exception>
    public IcebergConnector(IcebergOptions options, ILogger<IcebergConnector>? logger = null, IIcebergCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Table))
        {
            throw new ValidationFailedException("The Iceberg connector needs a table name; set table in [connectors.iceberg] or ICEBERG_TABLE.");
        }

        options.Identifier.Validate();
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _givenCatalog = catalog;
    }

    /// <inheritdoc />
    public string Name => IcebergOptions.ConnectorName;

    /// <summary>The table this connector writes to and reads from.</summary>
    public TableIdentifier Table => _options.Identifier;

    /// <summary>The result of the last commit of this connection, if any.</summary>
    public IcebergCommitResult? LastCommit { get; private set; }

    /// <summary>Rows written but not committed yet.</summary>
    public long PendingRows => _pendingRows;

    /// <summary>Opens the catalog and checks it answers (the table need not exist yet).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="ConnectionFailedException">The catalog cannot be reached.</exception>
    /// <exception cref="AuthenticationFailedException">The catalog rejected the credential.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureCatalogAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Commits what is pending, then closes the catalog. The connector can connect again afterwards.</summary>
    /// <param name="cancellationToken">Cancels the final commit.</param>
    public async Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_catalog is null)
            {
                return;
            }

            try
            {
                await CommitPendingAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await AbandonPendingAsync().ConfigureAwait(false);
                if (_givenCatalog is null)
                {
                    await _catalog.DisposeAsync().ConfigureAwait(false);
                }

                _catalog = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Healthy when the catalog answers and the table loads (or there is no table yet); Unhealthy otherwise. Never
    /// throws for those failures.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The status with <c>catalog</c>, <c>table</c>, <c>snapshot_id</c>, <c>snapshots</c> and <c>latency_ms</c> data.</returns>
    public async Task<HealthStatus> HealthCheckAsync(CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var data = new Dictionary<string, object> { ["catalog"] = _options.CatalogType.ToString().ToLowerInvariant(), ["table"] = Table.ToString() };
        IIcebergCatalog? owned = null;
        try
        {
            var catalog = _catalog ?? _givenCatalog;
            if (catalog is null)
            {
                owned = await IcebergCatalogFactory.OpenAsync(_options, cancellationToken).ConfigureAwait(false);
                catalog = owned;
            }

            if (!await catalog.NamespaceExistsAsync(Table.Namespace, cancellationToken).ConfigureAwait(false)
                || !await catalog.TableExistsAsync(Table, cancellationToken).ConfigureAwait(false))
            {
                data["latency_ms"] = Math.Round(stopwatch.Elapsed.TotalMilliseconds, 1);
                return HealthStatus.Healthy($"Iceberg catalog '{catalog.Name}' is reachable; table '{Table}' does not exist yet (no table yet; the first write creates it).", data);
            }

            await using var table = await catalog.LoadTableAsync(Table, cancellationToken).ConfigureAwait(false);
            data["snapshot_id"] = table.CurrentSnapshot?.SnapshotId ?? -1;
            data["snapshots"] = table.Snapshots.Count;
            data["latency_ms"] = Math.Round(stopwatch.Elapsed.TotalMilliseconds, 1);
            return HealthStatus.Healthy(string.Create(CultureInfo.InvariantCulture,
                $"Iceberg table '{Table}' in catalog '{catalog.Name}' is readable ({table.Snapshots.Count} snapshots, current {table.CurrentSnapshot?.SnapshotId.ToString(CultureInfo.InvariantCulture) ?? "none"})."), data);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is ConnectorException or IOException or HttpRequestException or InvalidOperationException or OperationCanceledException)
        {
            return HealthStatus.Unhealthy($"Iceberg table '{Table}' ({_options.CatalogType.ToString().ToLowerInvariant()} catalog) is not usable: {ex.Message}", ex, data);
        }
        finally
        {
            if (owned is not null)
            {
                await owned.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Writes a batch into the open commit (creating the namespace and table on the first write) and commits when
    /// <see cref="Configuration.ConnectorOptions.BatchSize"/> rows are pending. The batch is fully consumed when this returns.
    /// </summary>
    /// <param name="batch">The rows; columns are matched to the table's by name.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="ValidationFailedException">The batch does not fit the table's schema.</exception>
    /// <exception cref="CommitConflictException">Concurrent commits kept winning beyond the retry budget.</exception>
    public async Task WriteBatchAsync(RecordBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (batch.Length == 0)
            {
                return;
            }

            var catalog = await EnsureCatalogAsync(cancellationToken).ConfigureAwait(false);
            var normalized = ArrowNormalizer.Normalize(batch);
            if (_pending is null)
            {
                var metadata = await EnsureTableAsync(catalog, normalized.Schema, cancellationToken).ConfigureAwait(false);
                _pending = new DataFileWriter(catalog.Io, metadata);
                _pendingBase = metadata;
                _pendingRows = 0;
            }

            await _pending.WriteAsync(normalized, cancellationToken).ConfigureAwait(false);
            _pendingRows += batch.Length;
            if (_pendingRows >= _options.BatchSize)
            {
                await CommitPendingAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Commits the pending rows as one snapshot (nothing happens when none are pending).</summary>
    /// <param name="cancellationToken">Cancels the commit.</param>
    /// <exception cref="CommitConflictException">Concurrent commits kept winning beyond the retry budget.</exception>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await CommitPendingAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    /// <exception cref="TableNotFoundException">The table does not exist yet.</exception>
    public async Task<Schema> GetSchemaAsync(ReadRequest? request = null, CancellationToken cancellationToken = default)
    {
        var catalog = await ConnectedCatalogAsync(cancellationToken).ConfigureAwait(false);
        await using var table = await catalog.LoadTableAsync(Table, cancellationToken).ConfigureAwait(false);
        return table.GetArrowSchema(ScanOptions(request, table));
    }

    /// <summary>Scans the table's current snapshot with the request's columns, filter (pruning files by partition and statistics) and limit.</summary>
    /// <param name="request">Columns, filter (e.g. <c>service_name = 'api' and duration_ns &gt; 1000</c>), limit and batch size.</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    /// <returns>The batches.</returns>
    /// <exception cref="TableNotFoundException">The table does not exist yet.</exception>
    /// <exception cref="ValidationFailedException">The filter or a column is invalid.</exception>
    public async IAsyncEnumerable<RecordBatch> ReadAsync(ReadRequest? request = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var catalog = await ConnectedCatalogAsync(cancellationToken).ConfigureAwait(false);
        using var activity = _options.EnableTracing ? IcebergTelemetry.Instruments.Source.StartActivity("iceberg.scan") : null;
        activity?.SetTag("iceberg.table", Table.ToString());
        var table = await catalog.LoadTableAsync(Table, cancellationToken).ConfigureAwait(false);
        await using (table.ConfigureAwait(false))
        {
            var options = ScanOptions(request, table);
            long rows = 0;
            await foreach (var batch in table.ScanAsync(options, cancellationToken).ConfigureAwait(false))
            {
                rows += batch.Length;
                if (_options.EnableMetrics)
                {
                    IcebergTelemetry.Instruments.RowsRead.Add(batch.Length);
                }

                yield return batch;
            }

            activity?.SetTag("iceberg.rows", rows);
            LogScanned(_logger, Table.ToString(), rows);
        }
    }

    /// <inheritdoc />
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

    private static IcebergScanOptions ScanOptions(ReadRequest? request, IcebergTable table)
    {
        Predicate? predicate = null;
        if (!string.IsNullOrWhiteSpace(request?.Filter))
        {
            predicate = Predicate.Parse(request.Filter);
            predicate.Validate(table.GetArrowSchema());
        }

        return new IcebergScanOptions
        {
            Columns = request?.Columns,
            Predicate = predicate,
            Limit = request?.Limit,
            BatchSize = request?.BatchSize ?? 65_536,
        };
    }

    private async Task<MetastoreCatalog> ConnectedCatalogAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await EnsureCatalogAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<MetastoreCatalog> EnsureCatalogAsync(CancellationToken cancellationToken)
    {
        if (_catalog is null)
        {
            var catalog = _givenCatalog ?? await IcebergCatalogFactory.OpenAsync(_options, cancellationToken).ConfigureAwait(false);
            try
            {
                if (catalog is not MetastoreCatalog)
                {
                    throw new UnsupportedFeatureException($"Catalog '{catalog.Name}' ({catalog.GetType().Name}) cannot be written by the Iceberg connector; use the filesystem, sql or rest catalog.");
                }

                await catalog.NamespaceExistsAsync(Table.Namespace, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (_givenCatalog is null)
            {
                await catalog.DisposeAsync().ConfigureAwait(false);
                if (ex is ConnectorException or OperationCanceledException)
                {
                    throw;
                }

                throw new ConnectionFailedException($"The Iceberg {_options.CatalogType.ToString().ToLowerInvariant()} catalog cannot be reached ({ex.Message}); check catalog_uri and warehouse.", ex);
            }

            _catalog = catalog;
            LogConnected(_logger, catalog.Name, Table.ToString());
        }

        return (MetastoreCatalog)_catalog;
    }

    /// <summary>
    /// Loads the table <paramref name="options"/> names, creating its namespace and the table first when missing: the
    /// schema is <paramref name="schema"/> with timestamps as microseconds (<see cref="ArrowNormalizer"/>), partitioned by
    /// <see cref="IcebergOptions.PartitionBy"/> or, for telemetry schemas, <c>day(timestamp)</c>; tables created
    /// concurrently by another writer are used as they are.
    /// </summary>
    /// <param name="catalog">A writable catalog (filesystem, sql or rest).</param>
    /// <param name="options">Table identifier, partitioning and properties of a new table.</param>
    /// <param name="schema">The Arrow schema of the data.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The table's current metadata.</returns>
    /// <exception cref="ValidationFailedException">A partition expression names a missing column.</exception>
    /// <exception cref="UnsupportedFeatureException">The catalog is not writable by Orasi.</exception>
    public static async Task<TableMetadata> EnsureTableAsync(IIcebergCatalog catalog, IcebergOptions options, Schema schema, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(schema);
        if (catalog is not MetastoreCatalog metastore)
        {
            throw new UnsupportedFeatureException($"Catalog '{catalog?.Name}' ({catalog?.GetType().Name}) cannot be written by Orasi; use the filesystem, sql or rest catalog.");
        }

        var creator = new IcebergConnector(options);
        await using (creator.ConfigureAwait(false))
        {
            return await creator.EnsureTableAsync(metastore, ArrowNormalizer.Normalize(schema), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<TableMetadata> EnsureTableAsync(MetastoreCatalog catalog, Schema schema, CancellationToken cancellationToken)
    {
        if (await catalog.LoadMetadataAsync(Table, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing.Metadata;
        }

        if (!await catalog.NamespaceExistsAsync(Table.Namespace, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await catalog.CreateNamespaceAsync(Table.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (ValidationFailedException)
            {
                if (!await catalog.NamespaceExistsAsync(Table.Namespace, cancellationToken).ConfigureAwait(false))
                {
                    throw;
                }

                // created concurrently
            }
        }

        var icebergSchema = ArrowNormalizer.ToIcebergSchema(schema);
        var spec = BuildSpec(icebergSchema, schema);
        try
        {
            await using var created = await catalog.CreateTableAsync(Table, icebergSchema, spec, _options.Properties, cancellationToken: cancellationToken).ConfigureAwait(false);
            LogCreated(_logger, Table.ToString(), string.Join(", ", spec.Fields.Select(f => $"{f.Transform.Name}({icebergSchema.FindField(f.SourceId)?.Name})")));
        }
        catch (Exception ex) when (ex is ValidationFailedException or CommitConflictException)
        {
            if (!await catalog.TableExistsAsync(Table, cancellationToken).ConfigureAwait(false))
            {
                throw;
            }

            // created concurrently by another writer: use theirs
        }

        return (await catalog.LoadMetadataAsync(Table, cancellationToken).ConfigureAwait(false))?.Metadata
            ?? throw new TableNotFoundException($"Table '{Table}' disappeared right after it was created; check for concurrent drops.");
    }

    private PartitionSpec BuildSpec(IcebergSchema schema, Schema arrow)
    {
        var expressions = _options.PartitionBy;
        if (expressions is null)
        {
            var telemetry = arrow.Metadata?.ContainsKey(TelemetrySchemas.KindMetadataKey) == true;
            expressions = telemetry && schema.FindTopLevelField(TelemetryColumnNames.Timestamp) is not null ? [IcebergOptions.TelemetryPartition] : [];
        }

        var fields = new List<PartitionField>();
        foreach (var e in expressions)
        {
            var (transform, column) = IcebergOptions.ParsePartition(e);
            var source = schema.FindTopLevelField(column)
                ?? throw new ValidationFailedException($"partition_by names column '{column}', which the data does not have; use one of: {string.Join(", ", schema.Fields.Select(f => f.Name))}.");
            transform.ResultType(source.Type);
            var name = transform.Kind switch
            {
                TransformKind.Identity => source.Name,
                TransformKind.Bucket => $"{source.Name}_bucket_{transform.Parameter}",
                TransformKind.Truncate => $"{source.Name}_trunc_{transform.Parameter}",
                _ => $"{source.Name}_{transform.Name}",
            };
            fields.Add(new PartitionField(source.Id, 1000 + fields.Count, name, transform));
        }

        return new PartitionSpec(0, fields);
    }

    private async Task CommitPendingAsync(CancellationToken cancellationToken)
    {
        if (_pending is null || _catalog is null)
        {
            return;
        }

        var catalog = (MetastoreCatalog)_catalog;
        using var activity = _options.EnableTracing ? IcebergTelemetry.Instruments.Source.StartActivity("iceberg.commit") : null;
        activity?.SetTag("iceberg.table", Table.ToString());
        var writer = _pending;
        var baseMetadata = _pendingBase!;
        var rows = _pendingRows;
        _pending = null;
        _pendingBase = null;
        _pendingRows = 0;
        IReadOnlyList<DataFile> files;
        await using (writer.ConfigureAwait(false))
        {
            files = await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        if (files.Count == 0)
        {
            return;
        }

        var stopwatch = Stopwatch.StartNew();
        var result = await new SnapshotProducer(catalog, Table, "append", files, []).CommitAsync(baseMetadata, cancellationToken).ConfigureAwait(false);
        LastCommit = result;
        var bytes = files.Sum(f => f.FileSizeInBytes);
        activity?.SetTag("iceberg.snapshot_id", result.SnapshotId);
        activity?.SetTag("iceberg.rows", rows);
        activity?.SetTag("iceberg.attempts", result.Attempts);
        if (_options.EnableMetrics)
        {
            IcebergTelemetry.Instruments.Commits.Add(1);
            IcebergTelemetry.Instruments.RowsWritten.Add(rows);
            IcebergTelemetry.Instruments.BytesWritten.Add(bytes);
        }

        LogCommitted(_logger, Table.ToString(), result.SnapshotId ?? 0, rows, files.Count, result.Attempts, stopwatch.Elapsed.TotalMilliseconds);
    }

    private async Task AbandonPendingAsync()
    {
        if (_pending is not null)
        {
            await _pending.DisposeAsync().ConfigureAwait(false);
            _pending = null;
            _pendingBase = null;
            _pendingRows = 0;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Iceberg connector connected to catalog {Catalog} for table {Table}")]
    private static partial void LogConnected(ILogger logger, string catalog, string table);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created Iceberg table {Table} partitioned by [{Partitioning}]")]
    private static partial void LogCreated(ILogger logger, string table, string partitioning);

    [LoggerMessage(Level = LogLevel.Information, Message = "Committed snapshot {SnapshotId} of Iceberg table {Table}: {Rows} rows in {Files} files ({Attempts} attempts, {ElapsedMs:F0} ms)")]
    private static partial void LogCommitted(ILogger logger, string table, long snapshotId, long rows, int files, int attempts, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Scanned Iceberg table {Table}: {Rows} rows")]
    private static partial void LogScanned(ILogger logger, string table, long rows);
}
