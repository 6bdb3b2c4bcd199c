using System.Buffers;
using Apache.Arrow;

namespace Orasi.Connectors.Formatting;

/// <summary>
/// Base of the text formats (<see cref="JsonLinesBatchWriter"/>, <see cref="CsvBatchWriter"/>): formats the rows of
/// Arrow batches into a UTF-8 buffer and hands it to a stream or <see cref="TextWriter"/> in chunks of about 1 MiB.
/// </summary>
public abstract class BatchTextWriter : IDisposable, IAsyncDisposable
{
    private const int FlushThreshold = 1 << 20;
    private readonly Utf8OutputTarget target;
    private bool disposed;

    private protected BatchTextWriter(Utf8OutputTarget target) => this.target = target;

    /// <summary>Rows written so far.</summary>
    public long RowsWritten { get; private set; }

    /// <summary>The formatted output not yet handed to the target.</summary>
    private protected ArrayBufferWriter<byte> Buffer { get; } = new(64 * 1024);

    /// <summary>Formats every row of <paramref name="batch"/> and writes it to the output.</summary>
    /// <param name="batch">The rows to write.</param>
    /// <exception cref="UnsupportedFeatureException">A column has a type without a text form (union, interval…).</exception>
    /// <exception cref="ValidationFailedException">The batch does not fit the output (a CSV header of other columns).</exception>
    public void Write(RecordBatch batch)
    {
        BeginBatch(batch);
        for (int row = 0; row < batch.Length; row++)
        {
            WriteRow(row);
            RowsWritten++;
            if (Buffer.WrittenCount >= FlushThreshold)
            {
                WritePending();
            }
        }

        WritePending();
    }

    /// <summary>Formats every row of <paramref name="batch"/> and writes it to the output asynchronously.</summary>
    /// <param name="batch">The rows to write.</param>
    /// <param name="cancellationToken">Cancels between chunks of output.</param>
    /// <returns>A task completing when the rows are handed to the output.</returns>
    /// <exception cref="UnsupportedFeatureException">A column has a type without a text form (union, interval…).</exception>
    /// <exception cref="ValidationFailedException">The batch does not fit the output (a CSV header of other columns).</exception>
    public async ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken = default)
    {
        BeginBatch(batch);
        for (int row = 0; row < batch.Length; row++)
        {
            WriteRow(row);
            RowsWritten++;
            if (Buffer.WrittenCount >= FlushThreshold)
            {
                await target.WriteAsync(Buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                Buffer.ResetWrittenCount();
            }
        }

        await target.WriteAsync(Buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        Buffer.ResetWrittenCount();
    }

    /// <summary>Flushes the underlying output.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        target.Flush();
    }

    /// <summary>Flushes the underlying output asynchronously.</summary>
    /// <param name="cancellationToken">Cancels the flush.</param>
    /// <returns>A task completing when flushed.</returns>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return target.FlushAsync(cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        DisposeFormatter();
        target.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        DisposeFormatter();
        await target.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Throws <see cref="ObjectDisposedException"/> once the writer is disposed.</summary>
    private protected void EnsureOpen() => ObjectDisposedException.ThrowIf(disposed, this);

    /// <summary>Prepares formatting <paramref name="batch"/>'s columns (called before its rows).</summary>
    private protected abstract void BeginBatch(RecordBatch batch);

    /// <summary>Formats row <paramref name="row"/> of the current batch into <see cref="Buffer"/>.</summary>
    private protected abstract void WriteRow(int row);

    /// <summary>Releases the formatter's own resources.</summary>
    private protected abstract void DisposeFormatter();

    /// <summary>Hands the buffered output to the target.</summary>
    private protected void WritePending()
    {
        target.Write(Buffer.WrittenSpan);
        Buffer.ResetWrittenCount();
    }
}
