using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Apache.Arrow;
using Orasi.Connectors.Diagnostics;
using Orasi.Connectors.Parquet;
using Orasi.Connectors.S3Parquet.Partitioning;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.S3Parquet.Writing;

/// <summary>
/// Writes Arrow batches as a Hive-partitioned Parquet dataset on an object store. Each partition has at most one open
/// file, streamed with bounded memory (a buffered row group plus one multipart part) and rotated by rows, bytes and
/// age. Objects are named <c>{partition}/part-{writer}-{sequence}-{n}.parquet</c>, deterministic for the same writer
/// id, sequence and input, so a flush retried with the same batches overwrites its own files; a file becomes visible
/// only when it is complete. <see cref="FlushAsync"/> closes every file and writes a manifest listing them.
/// </summary>
/// <remarks>
/// If a write or flush fails, every open file is discarded and the writer returns to the state after the last
/// successful flush (same sequence, file counter at zero): write the same batches again and flush to retry.
/// Not thread-safe: one caller at a time.
/// </remarks>
public sealed class DatasetWriter : IAsyncDisposable
{
    private static readonly ActivitySource Activity = OrasiTelemetry.CreateActivitySource("S3Parquet");
    private static readonly Meter Meter = OrasiTelemetry.CreateMeter("S3Parquet");
    private static readonly Counter<long> RowsWritten = Meter.CreateCounter<long>("orasi.s3parquet.rows_written", "{row}", "Rows written to dataset files.");
    private static readonly Counter<long> FilesWritten = Meter.CreateCounter<long>("orasi.s3parquet.files_written", "{file}", "Dataset files published.");

    private readonly IObjectStore _store;
    private readonly S3ParquetOptions _options;
    private readonly PartitionSpec _spec;
    private readonly ParquetWriteOptions _parquetOptions;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, OpenDatasetFile> _open = new(StringComparer.Ordinal);
    private readonly List<DatasetFile> _completed = [];
    private int _fileCounter;
    private long _useClock;
    private bool _disposed;

    /// <summary>Creates a writer of batches with <paramref name="schema"/> into the dataset rooted at <paramref name="store"/>.</summary>
    /// <exception cref="ValidationFailedException">A partition column is missing or unsuitable, or an option is invalid.</exception>
    public DatasetWriter(IObjectStore store, Schema schema, S3ParquetOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _spec = PartitionSpec.Create(schema, options.PartitionBy, options.TimePartitionColumn, options.PathTemplate);
        _parquetOptions = options.BuildParquetOptions();
        _parquetOptions.Validate();
        WriterId = options.WriterId ?? Guid.NewGuid().ToString("N")[..12];
        Sequence = options.StartSequence;
    }

    /// <summary>The schema of the batches this writer accepts.</summary>
    public Schema Schema => _spec.Schema;

    /// <summary>The schema of the data files (partition columns removed).</summary>
    public Schema DataSchema => _spec.DataSchema;

    /// <summary>The writer id in object names.</summary>
    public string WriterId { get; }

    /// <summary>The sequence number the next flush uses.</summary>
    public long Sequence { get; private set; }

    /// <summary>Files currently open (one per active partition).</summary>
    public int OpenFileCount => _open.Count;

    /// <summary>Files published since the last flush (closed by rotation or eviction).</summary>
    public IReadOnlyList<DatasetFile> PendingFiles => _completed;

    /// <summary>Routes the rows of <paramref name="batch"/> to their partitions' files, rotating files as limits are reached.</summary>
    /// <exception cref="ValidationFailedException">The batch does not match the schema.</exception>
    /// <exception cref="ConnectorException">An upload failed; open files were discarded (see remarks).</exception>
    public async Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_disposed, this);
        EnsureSchema(batch.Schema);
        if (batch.Length == 0)
        {
            return;
        }

        try
        {
            await CloseExpiredAsync(cancellationToken).ConfigureAwait(false);
            var (rows, paths) = _spec.Assign(batch);
            var data = _spec.DataColumns(batch);
            foreach (var (partition, piece, owned) in BatchSplitter.Split(data, rows, paths.Count))
            {
                try
                {
                    await WritePartitionAsync(paths[partition], piece, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    if (owned)
                    {
                        piece.Dispose();
                    }
                }
            }

            RowsWritten.Add(batch.Length);
        }
        catch
        {
            await DiscardAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Closes every open file (publishing it), writes the flush manifest (and <c>_SUCCESS</c> when enabled), and
    /// advances the sequence. Returns the files published since the previous flush.
    /// </summary>
    /// <exception cref="ConnectorException">An upload failed; open files were discarded and the sequence is unchanged.</exception>
    public async Task<DatasetFlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var activity = Activity.StartActivity("s3parquet.flush");
        activity?.SetTag("orasi.s3parquet.writer_id", WriterId);
        activity?.SetTag("orasi.s3parquet.sequence", Sequence);
        try
        {
            foreach (var file in _open.Values.OrderBy(f => f.Path, StringComparer.Ordinal).ToList())
            {
                await CloseAsync(file, cancellationToken).ConfigureAwait(false);
            }

            var files = _completed.OrderBy(f => f.Path, StringComparer.Ordinal).ToArray();
            string? manifestPath = null;
            if (files.Length > 0)
            {
                var manifest = FlushManifest.Serialize(WriterId, Sequence, _time.GetUtcNow(), files);
                if (_options.WriteManifest)
                {
                    manifestPath = FlushManifest.PathOf(WriterId, Sequence);
                    await _store.PutAsync(manifestPath, manifest, cancellationToken).ConfigureAwait(false);
                }

                if (_options.WriteSuccessMarker)
                {
                    await _store.PutAsync("_SUCCESS", manifest, cancellationToken).ConfigureAwait(false);
                }
            }

            var result = new DatasetFlushResult(WriterId, Sequence, files, manifestPath);
            activity?.SetTag("orasi.s3parquet.files", files.Length);
            if (files.Length > 0)
            {
                Sequence++;
            }

            _completed.Clear();
            _fileCounter = 0;
            return result;
        }
        catch
        {
            await DiscardAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Discards every open file without publishing it (no object appears; multipart uploads are aborted).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await DiscardAsync().ConfigureAwait(false);
    }

    private async Task WritePartitionAsync(string partition, RecordBatch piece, CancellationToken cancellationToken)
    {
        var offset = 0;
        while (offset < piece.Length)
        {
            var file = await GetFileAsync(partition, cancellationToken).ConfigureAwait(false);
            var take = (int)Math.Min(piece.Length - offset, _options.MaxRowsPerFile - file.Rows);
            var slice = offset == 0 && take == piece.Length ? piece : piece.Slice(offset, take);
            await file.Writer.WriteBatchAsync(slice, cancellationToken).ConfigureAwait(false);
            file.Rows += take;
            offset += take;
            if (file.Rows >= _options.MaxRowsPerFile || (_options.MaxBytesPerFile > 0 && file.Stream.Position >= _options.MaxBytesPerFile))
            {
                await CloseAsync(file, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<OpenDatasetFile> GetFileAsync(string partition, CancellationToken cancellationToken)
    {
        if (_open.TryGetValue(partition, out var file))
        {
            file.LastUsed = ++_useClock;
            return file;
        }

        if (_open.Count >= _options.MaxOpenFiles)
        {
            var oldest = _open.Values.MinBy(f => f.LastUsed)!;
            await CloseAsync(oldest, cancellationToken).ConfigureAwait(false);
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"part-{WriterId}-{Sequence:D8}-{_fileCounter++:D5}.parquet");
        var path = partition.Length == 0 ? name : $"{partition}/{name}";
        var stream = await _store.OpenWriteAsync(path, cancellationToken).ConfigureAwait(false);
        ParquetBatchWriter writer;
        try
        {
            writer = new ParquetBatchWriter(stream, _spec.DataSchema, _parquetOptions, path);
        }
        catch
        {
            stream.Abort();
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        file = new OpenDatasetFile(partition, path, stream, writer, _time.GetUtcNow()) { LastUsed = ++_useClock };
        _open.Add(partition, file);
        return file;
    }

    private async Task CloseAsync(OpenDatasetFile file, CancellationToken cancellationToken)
    {
        _open.Remove(file.Partition);
        try
        {
            _completed.Add(await file.CompleteAsync(cancellationToken).ConfigureAwait(false));
            FilesWritten.Add(1);
        }
        catch
        {
            await file.DiscardAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task CloseExpiredAsync(CancellationToken cancellationToken)
    {
        if (_options.MaxFileAgeSeconds <= 0 || _open.Count == 0)
        {
            return;
        }

        var cutoff = _time.GetUtcNow() - TimeSpan.FromSeconds(_options.MaxFileAgeSeconds);
        foreach (var file in _open.Values.Where(f => f.OpenedAt <= cutoff).ToList())
        {
            await CloseAsync(file, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DiscardAsync()
    {
        var files = _open.Values.ToList();
        _open.Clear();
        foreach (var file in files)
        {
            await file.DiscardAsync().ConfigureAwait(false);
        }

        _completed.Clear();
        _fileCounter = 0;
    }

    private void EnsureSchema(Schema schema)
    {
        var expected = _spec.Schema.FieldsList;
        var actual = schema.FieldsList;
        if (actual.Count != expected.Count || !actual.Select(f => f.Name).SequenceEqual(expected.Select(f => f.Name), StringComparer.Ordinal))
        {
            throw new ValidationFailedException(
                $"The batch's columns ({string.Join(", ", actual.Select(f => f.Name))}) do not match the dataset writer's schema ({string.Join(", ", expected.Select(f => f.Name))}); write batches of one schema per writer.");
        }
    }
}
