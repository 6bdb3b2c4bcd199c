using Apache.Arrow;
using Orasi.Connectors.Storage;
using ParquetSharp;
using ParquetSharp.Arrow;

namespace Orasi.Connectors.Parquet;

/// <summary>
/// Writes Arrow record batches into one Parquet file (ParquetSharp's Arrow writer), splitting them into row groups of
/// at most <see cref="ParquetWriteOptions.RowGroupSize"/> rows and computing per-column statistics on the way.
/// </summary>
/// <remarks>
/// <para>The destination may be any writable stream, seekable or not (an S3 multipart <see cref="ObjectWriteStream"/>,
/// a pipe): the native writer writes into a buffer and the writer copies it to the destination asynchronously after
/// each batch; a row group's encoded bytes are held in memory until it is complete.</para>
/// <para>The writer does not dispose a destination stream it was given: complete the writer, then complete or dispose the
/// stream. If the writer is disposed without <see cref="CompleteAsync"/>, a partial file it created from a path is
/// deleted and a given <see cref="ObjectWriteStream"/> is aborted so that no truncated object is published.</para>
/// <para>Not thread-safe: call one method at a time.</para>
/// </remarks>
public sealed class ParquetBatchWriter : IAsyncDisposable
{
    private readonly Stream _destination;
    private readonly bool _ownsDestination;
    private readonly string? _path;
    private readonly string _target;
    private readonly ParquetWriteOptions _options;
    private readonly PendingOutputStream _pending = new();
    private readonly FileWriter _writer;
    private readonly BatchStatisticsCollector _statistics;
    private long _rowsInGroup;
    private int _rowGroups;
    private long _rows;
    private bool _completed;
    private bool _disposed;

    /// <summary>Creates a writer that writes to <paramref name="destination"/>.</summary>
    /// <param name="destination">A writable stream; it stays open (see remarks).</param>
    /// <param name="schema">The schema every batch must have.</param>
    /// <param name="options">Layout and encoding; null for <see cref="ParquetWriteOptions.Default"/>.</param>
    /// <param name="name">A name for the file in error messages (its path or key); defaults to the stream's type.</param>
    /// <exception cref="ValidationFailedException">The options are invalid or the schema cannot be written as Parquet.</exception>
    public ParquetBatchWriter(Stream destination, Schema schema, ParquetWriteOptions? options = null, string? name = null)
        : this(destination, ownsDestination: false, path: null, schema, options, name ?? (destination as ObjectWriteStream)?.Path ?? destination?.GetType().Name ?? "stream")
    {
    }

    private ParquetBatchWriter(Stream destination, bool ownsDestination, string? path, Schema schema, ParquetWriteOptions? options, string name)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(schema);
        if (!destination.CanWrite)
        {
            throw new ValidationFailedException($"The destination stream for Parquet file '{name}' is not writable; pass a stream opened for writing.");
        }

        _destination = destination;
        _ownsDestination = ownsDestination;
        _path = path;
        _target = $"Parquet file '{name}'";
        _options = options ?? ParquetWriteOptions.Default;
        _options.Validate();
        Schema = schema;
        _statistics = new BatchStatisticsCollector(schema);
        try
        {
            using var writerProperties = BuildWriterProperties(_options);
            using var arrowProperties = new ArrowWriterPropertiesBuilder().StoreSchema().Build();
            _writer = new FileWriter(_pending, schema, writerProperties, arrowProperties, leaveOpen: true);
        }
        catch (ParquetException ex)
        {
            throw new ValidationFailedException($"The schema cannot be written to {_target}: {FirstLine(ex.Message)}; change the unsupported column types.", ex);
        }
    }

    /// <summary>The schema every batch must have.</summary>
    public Schema Schema { get; }

    /// <summary>Rows written so far.</summary>
    public long RowCount => _rows;

    /// <summary>Creates (or overwrites) the file at <paramref name="path"/> and a writer for it.</summary>
    /// <exception cref="ValidationFailedException">The options are invalid or the schema cannot be written as Parquet.</exception>
    public static ParquetBatchWriter Create(string path, Schema schema, ParquetWriteOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        try
        {
            return new ParquetBatchWriter(stream, ownsDestination: true, path, schema, options, path);
        }
        catch
        {
            stream.Dispose();
            File.Delete(path);
            throw;
        }
    }

    /// <summary>Writes the rows of <paramref name="batch"/>, starting new row groups as they fill up.</summary>
    /// <exception cref="ValidationFailedException">The batch's schema differs from the writer's; the message names the column.</exception>
    /// <exception cref="InvalidOperationException">The writer was completed or disposed.</exception>
    public async Task WriteBatchAsync(RecordBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowIfDone();
        cancellationToken.ThrowIfCancellationRequested();
        ArrowSchemaComparer.EnsureMatches(Schema, batch.Schema, _target);
        for (var i = 0; i < Schema.FieldsList.Count; i++)
        {
            if (!Schema.FieldsList[i].IsNullable && batch.Column(i).NullCount > 0)
            {
                throw new ValidationFailedException($"Column '{Schema.FieldsList[i].Name}' of the batch written to {_target} holds nulls but the schema declares it non-nullable; fill the nulls or make the field nullable.");
            }
        }

        var offset = 0;
        while (offset < batch.Length)
        {
            if (_rowsInGroup == _options.RowGroupSize)
            {
                _writer.NewBufferedRowGroup();
                _rowsInGroup = 0;
            }

            if (_rowsInGroup == 0)
            {
                _rowGroups++;
            }

            var take = (int)Math.Min(_options.RowGroupSize - _rowsInGroup, batch.Length - offset);
            var slice = offset == 0 && take == batch.Length ? batch : batch.Slice(offset, take);
            try
            {
                _writer.WriteBufferedRecordBatch(slice);
            }
            catch (ParquetException ex)
            {
                throw new ConnectorException($"Writing a batch to {_target} failed: {FirstLine(ex.Message)}.", ex);
            }

            _statistics.Add(slice);
            _rowsInGroup += take;
            _rows += take;
            offset += take;
            await _pending.DrainToAsync(_destination, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the footer, flushes the destination (closing it when the writer created it) and returns what was written.</summary>
    /// <exception cref="InvalidOperationException">The writer was completed or disposed.</exception>
    public async Task<ParquetFileSummary> CompleteAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDone();
        try
        {
            _writer.Close();
        }
        catch (ParquetException ex)
        {
            throw new ConnectorException($"Finishing {_target} failed: {FirstLine(ex.Message)}.", ex);
        }

        _completed = true;
        await _pending.DrainToAsync(_destination, cancellationToken).ConfigureAwait(false);
        await _destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (_ownsDestination)
        {
            await _destination.DisposeAsync().ConfigureAwait(false);
        }

        return new ParquetFileSummary(_rows, _rowGroups, _pending.BytesWritten, _statistics.ToStatistics());
    }

    /// <summary>Releases the native writer; without a prior <see cref="CompleteAsync"/>, discards the partial file (see remarks).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _writer.Dispose();
        await _pending.DisposeAsync().ConfigureAwait(false);
        if (_completed)
        {
            return;
        }

        if (_ownsDestination)
        {
            await _destination.DisposeAsync().ConfigureAwait(false);
            if (_path is not null)
            {
                File.Delete(_path);
            }
        }
        else if (_destination is ObjectWriteStream objectStream)
        {
            objectStream.Abort();
        }
    }

    private void ThrowIfDone()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
        {
            throw new InvalidOperationException($"{_target} is already complete; create a new writer to write more.");
        }
    }

    private static WriterProperties BuildWriterProperties(ParquetWriteOptions options)
    {
        using var builder = new WriterPropertiesBuilder();
        builder.Compression(options.Compression switch
        {
            ParquetCompression.None => Compression.Uncompressed,
            ParquetCompression.Snappy => Compression.Snappy,
            ParquetCompression.Gzip => Compression.Gzip,
            ParquetCompression.Zstd => Compression.Zstd,
            _ => Compression.Lz4,
        });
        if (options.CompressionLevel is { } level)
        {
            builder.CompressionLevel(level);
        }

        builder.MaxRowGroupLength(options.RowGroupSize);
        builder.DataPagesize(options.DataPageSize);
        if (options.EnableDictionary)
        {
            builder.EnableDictionary();
        }
        else
        {
            builder.DisableDictionary();
        }

        if (options.WriteStatistics)
        {
            builder.EnableStatistics();
        }
        else
        {
            builder.DisableStatistics();
        }

        if (options.CreatedBy is { } createdBy)
        {
            builder.CreatedBy(createdBy);
        }

        return builder.Build();
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }
}
