using Apache.Arrow;
using Orasi.Connectors.Kafka.Consumer;

namespace Orasi.Connectors.Kafka.Tests.Support;

internal static class ConsumeHelper
{
    /// <summary>Consumes and commits until <paramref name="rows"/> rows arrived or the deadline passes.</summary>
    public static async Task<List<RecordBatch>> ReadRowsAsync(KafkaBatchConsumer consumer, long rows, TimeSpan? deadline = null)
    {
        var batches = new List<RecordBatch>();
        long seen = 0;
        using var cts = new CancellationTokenSource(deadline ?? TimeSpan.FromSeconds(30));
        while (seen < rows && !cts.IsCancellationRequested)
        {
            KafkaConsumedBatch batch = await consumer.ConsumeBatchAsync(10_000, TimeSpan.FromMilliseconds(500));
            if (batch.Batch is { } b)
            {
                batches.Add(b);
                seen += b.Length;
                consumer.Commit(batch);
            }
        }

        return batches;
    }
}
