using Apache.Arrow;
using Orasi.Connectors.S3Parquet.Partitioning;
using Orasi.Connectors.S3Parquet.Reading;
using Orasi.Connectors.S3Parquet.Writing;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.S3Parquet;

/// <summary>
/// The S3 Parquet connector: a sink writing Arrow (and telemetry) batches as a Hive-partitioned Parquet dataset at
/// <c>s3://bucket/prefix</c> or any store URI, and a source reading it back with partition and row-group pruning.
/// The writer is created with the schema of the first batch; <see cref="FlushAsync"/> publishes a flush (see
/// <see cref="DatasetWriter"/>). Health lists the dataset prefix.
/// </summary>
public sealed class S3ParquetConnector : IRecordBatchSink, IRecordBatchSource
{
    private readonly S3ParquetOptions _options;
    private readonly bool _ownsStore;
    private IObjectStore? _store;
    private DatasetWriter? _writer;

    /// <summary>Creates the connector; <see cref="ConnectAsync"/> opens the store named by the options.</summary>
    public S3ParquetConnector(S3ParquetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _ownsStore = true;
    }

    /// <summary>Creates the connector over an already open store (not disposed by the connector).</summary>
    public S3ParquetConnector(S3ParquetOptions options, IObjectStore store)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        _options = options;
        _store = store;
        _ownsStore = false;
    }

    /// <inheritdoc />
    public string Name => S3ParquetOptions.ConnectorName;

    /// <summary>The dataset root store (after <see cref="ConnectAsync"/>).</summary>
    public IObjectStore Store => _store ?? throw new InvalidOperationException("The S3 Parquet connector is not connected; call ConnectAsync first.");

    /// <summary>The current writer, created by the first written batch; null before.</summary>
    public DatasetWriter? Writer => _writer;

    /// <inheritdoc />
    public Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        _store ??= ObjectStoreFactory.Open(_options.ResolveTarget(), _options.BuildStorageOptions());
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
            _writer = null;
        }

        if (_ownsStore && _store is not null)
        {
            await _store.DisposeAsync().ConfigureAwait(false);
            _store = null;
        }
    }

    /// <inheritdoc />
    public async Task<HealthStatus> HealthCheckAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using var entries = Store.ListAsync(string.Empty, cancellationToken).GetAsyncEnumerator(cancellationToken);
            var any = await entries.MoveNextAsync().ConfigureAwait(false);
            return HealthStatus.Healthy(
                $"S3 Parquet dataset {Store.Root} is reachable{(any ? string.Empty : " (empty)")}.",
                new Dictionary<string, object> { ["root"] = Store.Root.ToString() });
        }
        catch (ConnectorException ex)
        {
            return HealthStatus.Unhealthy($"S3 Parquet dataset {_options.Target ?? _options.Bucket} is not reachable: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public async Task WriteBatchAsync(RecordBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await ConnectAsync(cancellationToken).ConfigureAwait(false);
        _writer ??= new DatasetWriter(Store, batch.Schema, _options);
        await _writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task FlushAsync(CancellationToken cancellationToken = default) =>
        await FlushDatasetAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Publishes the open files and the manifest; returns what the flush wrote (empty before any write).</summary>
    public async Task<DatasetFlushResult> FlushDatasetAsync(CancellationToken cancellationToken = default)
    {
        if (_writer is null)
        {
            return new DatasetFlushResult(_options.WriterId ?? string.Empty, _options.StartSequence, [], null);
        }

        return await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Schema> GetSchemaAsync(ReadRequest? request = null, CancellationToken cancellationToken = default)
    {
        await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var schema = await new DatasetReader(Store).GetSchemaAsync(cancellationToken).ConfigureAwait(false);
        return request?.Columns is { } columns ? new Schema(columns.Select(c => schema.GetFieldByName(c) ?? throw new ValidationFailedException($"Column '{c}' is not in the dataset at {Store.Root}.")), null) : schema;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RecordBatch> ReadAsync(ReadRequest? request = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var batch in new DatasetReader(Store).ReadAsync(request, cancellationToken).ConfigureAwait(false))
        {
            yield return batch;
        }
    }

    /// <summary>The dataset's partitions (<c>list_partitions</c>).</summary>
    public async Task<IReadOnlyList<DatasetPartition>> ListPartitionsAsync(CancellationToken cancellationToken = default)
    {
        await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await new DatasetReader(Store).ListPartitionsAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a partition directory such as <c>year=2024/month=05</c> (<c>delete_partition</c>); returns the objects deleted.</summary>
    public async Task<int> DeletePartitionAsync(string partitionPath, CancellationToken cancellationToken = default)
    {
        await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await new DatasetReader(Store).DeletePartitionAsync(partitionPath, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Discards unflushed files and closes the store (if the connector opened it).</summary>
    public async ValueTask DisposeAsync() => await DisconnectAsync().ConfigureAwait(false);
}
