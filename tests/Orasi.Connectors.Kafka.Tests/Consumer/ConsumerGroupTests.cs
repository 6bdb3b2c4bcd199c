using Apache.Arrow;
using Confluent.Kafka;
using Orasi.Connectors.Kafka.Configuration;
using Orasi.Connectors.Kafka.Consumer;
using Orasi.Connectors.Kafka.Producer;
using Orasi.Connectors.Kafka.Tests.Support;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;
using Orasi.Testing.Kafka;

namespace Orasi.Connectors.Kafka.Tests.Consumer;

[Collection(KafkaMockClusterFixture.CollectionName)]
public sealed class ConsumerGroupTests(KafkaMockClusterFixture kafka)
{
    private static async Task ProduceSpansAsync(KafkaOptions options, long count, TelemetryGeneratorOptions? generator = null)
    {
        await using var producer = new KafkaBatchProducer(options);
        var result = await producer.ProduceAllAsync(new TelemetryGenerator(generator).GenerateAsync(TelemetryKind.Traces, count, 1000));
        result.EnsureSuccess(options.Topic);
        Assert.Equal(count, result.Delivered);
    }

    [Fact]
    public async Task Uncommitted_batches_are_redelivered_to_the_group_and_committed_ones_are_not()
    {
        string topic = kafka.Cluster.CreateUniqueTopic("commit", partitions: 2);
        var options = KafkaTestOptions.For(kafka.BootstrapServers, topic);
        await ProduceSpansAsync(options, 200);

        using (var first = new KafkaBatchConsumer(options, TelemetrySchemas.Traces))
        {
            first.Subscribe(topic);
            var rows = await ConsumeHelper.ReadRowsAsync(first, 200);
            Assert.Equal(200, rows.Sum(b => b.Length));
            // read, commit, then read nothing more
        }

        await ProduceSpansAsync(options, 50, new TelemetryGeneratorOptions { Seed = 99 });
        using (var second = new KafkaBatchConsumer(options, TelemetrySchemas.Traces))
        {
            second.Subscribe(topic);
            var batch = await second.ConsumeBatchAsync(1000, TimeSpan.FromSeconds(8));
            // Nothing committed for these 50: a fresh member of the same group sees exactly them.
            var more = await second.ConsumeBatchAsync(1000, TimeSpan.FromMilliseconds(500));
            Assert.Equal(50, (batch.Batch?.Length ?? 0) + (more.Batch?.Length ?? 0));
            // Do not commit: the next member must see them again (at-least-once).
        }

        using var third = new KafkaBatchConsumer(options, TelemetrySchemas.Traces);
        third.Subscribe(topic);
        var again = await ConsumeHelper.ReadRowsAsync(third, 50, TimeSpan.FromSeconds(15));
        Assert.Equal(50, again.Sum(b => b.Length));
    }

    [Fact]
    public async Task Two_consumers_share_partitions_after_a_rebalance_without_losing_records()
    {
        string topic = kafka.Cluster.CreateUniqueTopic("rebalance", partitions: 4);
        var options = KafkaTestOptions.For(kafka.BootstrapServers, topic);
        await ProduceSpansAsync(options, 2000);

        var seen = new List<Span>();
        var revocations = new List<KafkaRevocation>();
        using var a = new KafkaBatchConsumer(options, TelemetrySchemas.Traces);
        a.PartitionsRevoked = r =>
        {
            revocations.Add(r);
            foreach (var batch in r.InFlight)
            {
                if (!r.IsLost)
                {
                    try
                    {
                        r.Commit(batch); // finish: the rows were already taken into 'seen'
                    }
                    catch (ConnectionFailedException)
                    {
                        // The group is mid-rebalance: the new owner re-reads these rows (at-least-once).
                    }
                }
            }
        };
        a.Subscribe(topic);
        KafkaConsumedBatch firstBatch;
        do
        {
            firstBatch = await a.ConsumeBatchAsync(100, TimeSpan.FromSeconds(1));
        }
        while (firstBatch.RecordCount == 0);
        seen.AddRange(SpanBatchReader.Read(firstBatch.Batch!)); // in flight, not committed yet
        Assert.Equal(4, a.Assignment.Count);

        using var b = new KafkaBatchConsumer(options, TelemetrySchemas.Traces);
        b.Subscribe(topic);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        var expected = new TelemetryGenerator().Generate(TelemetryKind.Traces, 2000, 1000).SelectMany(SpanBatchReader.Read).Select(s => s.SpanId).ToHashSet();
        while ((seen.Select(s => s.SpanId).Distinct().Count() < 2000 || b.Assignment.Count == 0 || revocations.Count == 0) && DateTime.UtcNow < deadline)
        {
            foreach (var consumer in new[] { a, b })
            {
                var batch = await consumer.ConsumeBatchAsync(100, TimeSpan.FromMilliseconds(200));
                if (batch.Batch is { } rows)
                {
                    seen.AddRange(SpanBatchReader.Read(rows));
                    try
                    {
                        consumer.Commit(batch);
                    }
                    catch (ConnectionFailedException)
                    {
                        // Commit refused during a rebalance: redelivery may duplicate, never lose.
                    }
                }
            }
        }

        Assert.NotEmpty(revocations);
        Assert.NotEmpty(b.Assignment);
        Assert.True(a.Assignment.Count < 4, "the first consumer kept every partition");
        Assert.Equal(4, a.Assignment.Count + b.Assignment.Count);
        // at-least-once: every produced span arrived (duplicates only from commits refused mid-rebalance)
        Assert.Equal(expected, seen.Select(s => s.SpanId).ToHashSet());
        Assert.InRange(seen.Count, 2000, 2000 + 300 * 4);
    }

    [Fact]
    public async Task Seek_by_timestamp_and_offset()
    {
        string topic = kafka.Cluster.CreateUniqueTopic("seek", partitions: 1);
        var options = KafkaTestOptions.For(kafka.BootstrapServers, topic, o => o.KeyStrategy = KafkaKeyStrategy.None);
        // 1000 spans at 100/s: timestamps span 10 s from the generator's base time.
        var generator = new TelemetryGeneratorOptions { RecordsPerSecond = 100 };
        await ProduceSpansAsync(options, 1000, generator);

        using var consumer = new KafkaBatchConsumer(options, TelemetrySchemas.Traces);
        consumer.Assign([new TopicPartitionOffset(topic, 0, Offset.Beginning)]);
        var all = await ConsumeHelper.ReadRowsAsync(consumer, 1000);
        var spans = all.SelectMany(SpanBatchReader.Read).ToList();

        DateTimeOffset middle = generator.BaseTime.AddSeconds(5);
        var sought = await consumer.SeekToTimestampAsync(middle);
        long expectedOffset = spans.FindIndex(s => s.StartTimeUnixNano / 1_000_000 >= middle.ToUnixTimeMilliseconds());
        Assert.Equal(expectedOffset, Assert.Single(sought).Offset.Value);
        var after = await ConsumeHelper.ReadRowsAsync(consumer, 1000 - expectedOffset);
        var afterSpans = after.SelectMany(SpanBatchReader.Read).ToList();
        Assert.Equal(spans.Skip((int)expectedOffset).Select(s => s.SpanId), afterSpans.Select(s => s.SpanId));
        Assert.All(afterSpans, s => Assert.True(s.StartTimeUnixNano / 1_000_000 >= middle.ToUnixTimeMilliseconds()));

        consumer.Seek(new TopicPartitionOffset(topic, 0, 990));
        var tail = await ConsumeHelper.ReadRowsAsync(consumer, 10);
        Assert.Equal(spans.Skip(990).Select(s => s.SpanId), tail.SelectMany(SpanBatchReader.Read).Select(s => s.SpanId));
    }
}
