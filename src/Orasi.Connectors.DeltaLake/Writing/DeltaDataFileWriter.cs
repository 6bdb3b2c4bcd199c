using System.Globalization;
using Apache.Arrow;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.Parquet;
using Orasi.Connectors.Storage;
using ArrowSchema = Apache.Arrow.Schema;

namespace Orasi.Connectors.DeltaLake.Writing;

/// <summary>
/// Writes batches of a table's logical schema as Delta data files: rows are split by partition values into Hive-style
/// directories, partition columns are dropped from the files, columns take their physical names (with Parquet field
/// ids under column mapping), files roll over at the target size, and each finished file becomes an
/// <see cref="AddFile"/> with statistics.
/// </summary>
/// <remarks>
/// A file's size is estimated as the bytes already written to its object plus the uncompressed Arrow size of the
/// row group still buffered, so files come out at most about the target size. Disposing the writer before
/// <see cref="CompleteAsync"/> aborts open files and deletes the ones already finished.
/// </remarks>
internal sealed class DeltaDataFileWriter : IAsyncDisposable
{
    private readonly IObjectStore _store;
    private readonly DataFileWriterOptions _options;
    private readonly ColumnMappingMode _mode;
    private readonly StructType _schema;
    private readonly ArrowSchema _logicalArrow;
    private readonly IReadOnlyList<StructField> _partitionFields;
    private readonly IReadOnlyList<StructField> _dataFields;
    private readonly int[] _dataIndices;
    private readonly ArrowSchema _physicalArrow;
    private readonly StatsOptions _statsOptions;
    private readonly string _table;
    private readonly Dictionary<string, OpenFile> _open = new(StringComparer.Ordinal);
    private readonly List<AddFile> _finished = [];
    private readonly string _writeId = Guid.NewGuid().ToString("N")[..8];
    private int _fileCounter;
    private long _closedUncompressed;
    private long _closedBytes;
    private bool _completed;

    /// <summary>Creates a writer for the table described by <paramref name="metadata"/>.</summary>
    public DeltaDataFileWriter(IObjectStore store, Metadata metadata, DataFileWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(metadata);
        _store = store;
        _options = options ?? new DataFileWriterOptions();
        _mode = metadata.ColumnMappingMode;
        _schema = metadata.ParseSchema();
        _table = store.Root.ToString();
        _logicalArrow = DeltaArrowSchema.ToArrow(_schema);
        _partitionFields = metadata.PartitionColumns
            .Select(c => _schema.FindField(c) ?? throw new ValidationFailedException($"The partition column '{c}' of the Delta table '{_table}' is not in its schema."))
            .ToList();
        var partitionNames = new HashSet<string>(_partitionFields.Select(f => f.Name), StringComparer.Ordinal);
        _dataIndices = Enumerable.Range(0, _schema.Fields.Count).Where(i => !partitionNames.Contains(_schema.Fields[i].Name)).ToArray();
        _dataFields = _dataIndices.Select(i => _schema.Fields[i]).ToList();
        var builder = new ArrowSchema.Builder();
        foreach (var field in _dataFields)
        {
            builder.Field(DeltaArrowSchema.ToArrowField(field, _mode));
        }

        _physicalArrow = builder.Build();
        _statsOptions = StatsOptions.For(metadata);
    }

    /// <summary>The table's logical Arrow schema (what <see cref="WriteAsync"/> takes).</summary>
    public ArrowSchema LogicalSchema => _logicalArrow;

    /// <summary>Rows written so far.</summary>
    public long RowsWritten { get; private set; }

    /// <summary>Writes one batch; it is conformed to the table schema first (see <see cref="BatchConformer"/>).</summary>
    /// <exception cref="ValidationFailedException">The batch does not match the table schema.</exception>
    public async Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_completed)
        {
            throw new InvalidOperationException("The data file writer is already complete.");
        }

        if (batch.Length == 0)
        {
            return;
        }

        var logical = BatchConformer.Conform(batch, _schema, _logicalArrow, _table);
        foreach (var group in PartitionSplitter.Split(logical, _partitionFields, _mode))
        {
            await WriteGroupAsync(group, cancellationToken).ConfigureAwait(false);
        }

        RowsWritten += batch.Length;
    }

    /// <summary>Finishes every open file and returns the add actions of all files written.</summary>
    public async Task<IReadOnlyList<AddFile>> CompleteAsync(CancellationToken cancellationToken = default)
    {
        foreach (var key in _open.Keys.ToList())
        {
            await CloseAsync(key, cancellationToken).ConfigureAwait(false);
        }

        _completed = true;
        return _finished.ToList();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var file in _open.Values)
        {
            await file.Writer.DisposeAsync().ConfigureAwait(false);
            file.Stream.Abort();
            await file.Stream.DisposeAsync().ConfigureAwait(false);
        }

        _open.Clear();
        if (!_completed)
        {
            foreach (var add in _finished)
            {
                try
                {
                    await _store.DeleteAsync(DeltaPaths.DecodeRelative(add.Path)).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is ConnectorException or IOException)
                {
                    // Best effort: an orphaned data file is never referenced by the log and is removed by VACUUM.
                }
            }
        }
    }

    private async Task WriteGroupAsync(PartitionSplitter.Group group, CancellationToken cancellationToken)
    {
        var physical = ToPhysical(group.Rows);
        var estimate = ArrowSizeEstimator.Estimate(physical);
        var bytesPerRow = Math.Max(1, estimate / Math.Max(1, physical.Length));
        var offset = 0;
        while (offset < physical.Length)
        {
            if (!_open.TryGetValue(group.Key, out var file))
            {
                file = await OpenAsync(group.Values, cancellationToken).ConfigureAwait(false);
                _open[group.Key] = file;
            }

            var room = Math.Max(1, (long)((_options.TargetFileSize - EstimatedSize(file)) / (bytesPerRow * CompressionRatio)));
            var take = (int)Math.Min(room, physical.Length - offset);
            var slice = offset == 0 && take == physical.Length ? physical : physical.Slice(offset, take);
            var before = file.Stream.Position;
            await file.Writer.WriteBatchAsync(slice, cancellationToken).ConfigureAwait(false);
            if (file.Stream.Position != before)
            {
                file.Buffered = 0; // a row group was flushed
            }

            file.Buffered += take * bytesPerRow;
            file.Uncompressed += take * bytesPerRow;
            offset += take;
            if (EstimatedSize(file) >= _options.TargetFileSize)
            {
                await CloseAsync(group.Key, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Bytes on storage per estimated Arrow byte, learned from the files this writer has closed (1 until then, so the
    /// first file never exceeds the target): later files of a write come out close to the target size.
    /// </summary>
    private double CompressionRatio => _closedUncompressed > 0 ? Math.Clamp((double)_closedBytes / _closedUncompressed, 0.02, 1.0) : 1.0;

    private long EstimatedSize(OpenFile file) => file.Stream.Position + (long)(file.Buffered * CompressionRatio);

    private RecordBatch ToPhysical(RecordBatch logical)
    {
        var columns = new IArrowArray[_dataIndices.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = ArrowRetype.Retype(logical.Column(_dataIndices[i]), _physicalArrow.FieldsList[i].DataType, _dataFields[i].Name);
        }

        return new RecordBatch(_physicalArrow, columns, logical.Length);
    }

    private async Task<OpenFile> OpenAsync(IReadOnlyDictionary<string, string?> values, CancellationToken cancellationToken)
    {
        var directory = HivePartitionPath.Directory(_partitionFields.Select(f => f.PhysicalNameFor(_mode)).ToList(), values);
        var codec = _options.Compression switch
        {
            ParquetCompression.None => string.Empty,
            ParquetCompression.Snappy => ".snappy",
            ParquetCompression.Gzip => ".gz",
            ParquetCompression.Zstd => ".zstd",
            _ => ".lz4",
        };
        var name = string.Create(CultureInfo.InvariantCulture, $"part-{_fileCounter++:D5}-{Guid.NewGuid()}-c000{codec}.parquet");
        var path = _options.PathPrefix + directory + name;
        var stream = await _store.OpenWriteAsync(path, cancellationToken).ConfigureAwait(false);
        try
        {
            var writer = new ParquetBatchWriter(stream, _physicalArrow, new ParquetWriteOptions
            {
                Compression = _options.Compression,
                RowGroupSize = _options.RowGroupSize,
                CreatedBy = "orasi-connectors " + DeltaEngineInfo.Version + " (" + _writeId + ")",
            }, path);
            return new OpenFile(path, values, stream, writer);
        }
        catch
        {
            stream.Abort();
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task CloseAsync(string key, CancellationToken cancellationToken)
    {
        var file = _open[key];
        _open.Remove(key);
        ParquetFileSummary summary;
        ObjectMetadata written;
        try
        {
            summary = await file.Writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            written = await file.Stream.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await file.Writer.DisposeAsync().ConfigureAwait(false);
            file.Stream.Abort();
            await file.Stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await file.Writer.DisposeAsync().ConfigureAwait(false);
        await file.Stream.DisposeAsync().ConfigureAwait(false);
        _closedUncompressed += file.Uncompressed;
        _closedBytes += written.Size;
        _finished.Add(new AddFile
        {
            Path = DeltaPaths.EscapeRelativePath(file.Path),
            PartitionValues = file.Values,
            Size = written.Size,
            ModificationTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            DataChange = _options.DataChange,
            Stats = DeltaStatsBuilder.Build(summary, _dataFields, _mode, _statsOptions),
        });
    }

    private sealed class OpenFile(string path, IReadOnlyDictionary<string, string?> values, ObjectWriteStream stream, ParquetBatchWriter writer)
    {
        public string Path { get; } = path;

        public IReadOnlyDictionary<string, string?> Values { get; } = values;

        public ObjectWriteStream Stream { get; } = stream;

        public ParquetBatchWriter Writer { get; } = writer;

        public long Buffered { get; set; }

        public long Uncompressed { get; set; }
    }
}
