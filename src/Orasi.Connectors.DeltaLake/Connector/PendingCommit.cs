using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Apache.Arrow;
using Orasi.Connectors.DeltaLake.Operations;

namespace Orasi.Connectors.DeltaLake.Connector;

/// <summary>
/// One open commit of the connector: batches handed to <see cref="WriteAsync"/> stream into a running
/// <see cref="DeltaTableWriter"/> write (Parquet files are written as they come); <see cref="CompleteAsync"/> ends the
/// stream and commits. A batch is fully consumed before <see cref="WriteAsync"/> returns, so callers may dispose it.
/// </summary>
internal sealed class PendingCommit
{
    private readonly Channel<(RecordBatch Batch, TaskCompletionSource Consumed)> _channel =
        Channel.CreateUnbounded<(RecordBatch, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly Task<DeltaWriteResult> _write;

    public PendingCommit(Func<IAsyncEnumerable<RecordBatch>, Task<DeltaWriteResult>> write)
    {
        // Run the writer on the pool so its setup (log replay) overlaps the caller's first batch.
        _write = Task.Run(() => write(ReadAllAsync()));
    }

    public long Rows { get; private set; }

    public long Bytes { get; private set; }

    public async Task WriteAsync(RecordBatch batch, long estimatedBytes, CancellationToken cancellationToken)
    {
        var consumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_channel.Writer.TryWrite((batch, consumed)))
        {
            await _write.ConfigureAwait(false); // the writer has stopped: surface its failure
            throw new InvalidOperationException("The pending Delta commit no longer accepts batches.");
        }

        var finished = await Task.WhenAny(consumed.Task, _write).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (finished == _write)
        {
            await _write.ConfigureAwait(false);
            throw new InvalidOperationException("The Delta write ended before it consumed a batch.");
        }

        Rows += batch.Length;
        Bytes += estimatedBytes;
    }

    public Task<DeltaWriteResult> CompleteAsync()
    {
        _channel.Writer.TryComplete();
        return _write;
    }

    /// <summary>Ends the stream with an error so the write discards its files and commits nothing.</summary>
    public async Task AbortAsync()
    {
        _channel.Writer.TryComplete(new OperationCanceledException("The pending Delta commit was abandoned."));
        try
        {
            await _write.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Abandoning a commit: its failure is the expected outcome.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private async IAsyncEnumerable<RecordBatch> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var (batch, consumed) in _channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            var written = false;
            try
            {
                yield return batch;
                written = true; // the writer asked for the next batch: it has written this one
            }
            finally
            {
                // When the writer stops enumerating instead (it failed on this batch, e.g. a schema mismatch), the batch is
                // not reported consumed: WriteAsync then waits for the write task and surfaces its failure.
                if (written)
                {
                    consumed.TrySetResult();
                }
            }
        }
    }
}
