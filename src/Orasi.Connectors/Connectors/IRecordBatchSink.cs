using Apache.Arrow;

namespace Orasi.Connectors;

/// <summary>A connector that accepts Arrow record batches (a table writer, a topic producer, a dataset writer).</summary>
public interface IRecordBatchSink : IConnector
{
    /// <summary>
    /// Writes one batch. Depending on the connector the batch may be buffered; call <see cref="FlushAsync"/> to make
    /// everything written so far durable and visible.
    /// </summary>
    /// <exception cref="ValidationFailedException">The batch does not match the target's schema.</exception>
    Task WriteBatchAsync(RecordBatch batch, CancellationToken cancellationToken = default);

    /// <summary>Makes every batch written so far durable and visible (commits, flushes, waits for acks).</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);
}
