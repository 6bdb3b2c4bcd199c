using Confluent.Kafka;
using Orasi.Connectors.Kafka.Configuration;
using Orasi.Connectors.Kafka.Consumer;
using Orasi.Connectors.Kafka.Producer;
using Orasi.Connectors.Kafka.Tests.Support;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;
using Orasi.Testing.Kafka;

namespace Orasi.Connectors.Kafka.Tests.Producer;

[Collection(KafkaMockClusterFixture.CollectionName)]
public sealed class FaultInjectionTests(KafkaMockClusterFixture kafka)
{
    // Both fault tests run in a test process of their own (test.sh runs Category=Isolated separately), each on a
    // cluster of its own: the injected faults must not meet other tests' clients.
    [Fact]
    [Trait("Category", "Isolated")]
    public async Task Idempotent_producer_loses_and_duplicates_nothing_through_request_errors()
    {
        using var cluster = new MockKafkaCluster(3);
        await ProduceThroughFaultsAsync(cluster, "faults", (topic, batch) =>
        {
            if (batch == 2)
            {
                // Retriable Produce errors: the idempotent producer retries with the same sequence numbers.
                cluster.PushRequestErrors(0, ErrorCode.NotEnoughReplicas, ErrorCode.RequestTimedOut, ErrorCode.NotLeaderForPartition,
                    ErrorCode.LeaderNotAvailable, ErrorCode.NotEnoughReplicasAfterAppend);
            }
        });
    }

    [Fact]
    [Trait("Category", "Isolated")]
    public async Task Idempotent_producer_loses_and_duplicates_nothing_when_a_broker_goes_down_and_leaders_fail_over()
    {
        // A real 3-broker cluster with replication moves partition leadership off a failed broker; the mock does not,
        // so the test does it: broker 1 goes down mid-stream, every partition's leader moves to broker 2 or 3, and
        // broker 1 comes back later. In-flight requests to broker 1 fail and are retried on the new leaders.
        using var cluster = new MockKafkaCluster(3);
        await ProduceThroughFaultsAsync(cluster, "outage", (topic, batch) =>
        {
            if (batch == 3)
            {
                cluster.SetBrokerDown(1);
                for (int partition = 0; partition < 3; partition++)
                {
                    cluster.SetPartitionLeader(topic, partition, 2 + partition % 2);
                }
            }
            else if (batch == 8)
            {
                cluster.SetBrokerUp(1);
            }
        });
    }

    /// <summary>
    /// Produces 6,000 spans in 12 batches, calling <paramref name="beforeBatch"/> before each, then checks every span
    /// was delivered and is on the topic exactly once.
    /// </summary>
    private static async Task ProduceThroughFaultsAsync(MockKafkaCluster cluster, string prefix, Action<string, int> beforeBatch)
    {
        string topic = cluster.CreateUniqueTopic(prefix, partitions: 3);
        var options = KafkaTestOptions.For(cluster.BootstrapServers, topic, o =>
        {
            o.QueueBufferingMaxMessages = 500;
            o.DeliveryTimeoutMs = 60_000;
        });
        var batches = new TelemetryGenerator().Generate(TelemetryKind.Traces, 6000, 500).ToList();

        var result = KafkaProduceResult.Empty;
        await using (var producer = new KafkaBatchProducer(options))
        {
            var pendings = new List<KafkaPendingDelivery>();
            for (int i = 0; i < batches.Count; i++)
            {
                beforeBatch(topic, i);
                pendings.Add(await producer.EnqueueAsync(batches[i]));
            }

            foreach (var p in pendings)
            {
                result = result.Add(await p.Completion.WaitAsync(TimeSpan.FromSeconds(90)));
            }
        }

        Assert.True(result.Succeeded, string.Join("; ", result.Failures));
        Assert.Equal(6000, result.Delivered);

        using var consumer = new KafkaBatchConsumer(options, TelemetrySchemas.Traces);
        consumer.Subscribe(topic);
        var read = (await ConsumeHelper.ReadRowsAsync(consumer, 6000)).SelectMany(SpanBatchReader.Read).ToList();
        // Let any duplicate arrive before counting.
        var extra = await consumer.ConsumeBatchAsync(1000, TimeSpan.FromSeconds(1));
        Assert.Equal(0, extra.RecordCount);
        Assert.Equal(6000, read.Count);
        Assert.Equal(batches.SelectMany(SpanBatchReader.Read).Select(s => s.SpanId).ToHashSet(), read.Select(s => s.SpanId).ToHashSet());
    }

    [Fact]
    public async Task Backpressure_waits_for_queue_room_instead_of_dropping()
    {
        string topic = kafka.Cluster.CreateUniqueTopic("pressure", partitions: 1);
        var options = KafkaTestOptions.For(kafka.BootstrapServers, topic, o =>
        {
            o.QueueBufferingMaxMessages = 10; // far smaller than a batch
            o.KeyStrategy = KafkaKeyStrategy.None;
        });
        var batch = new TelemetryGenerator().Generate(TelemetryKind.Logs, 2000, 2000).Single();
        await using var producer = new KafkaBatchProducer(options);
        var result = await producer.ProduceAsync(batch);
        Assert.True(result.Succeeded);
        Assert.Equal(2000, result.Delivered);
    }

    [Fact]
    public async Task Undeliverable_records_are_reported_as_failures_not_exceptions()
    {
        string topic = kafka.Cluster.CreateUniqueTopic("undeliverable", partitions: 1, replicationFactor: 1);
        var options = KafkaTestOptions.For(kafka.BootstrapServers, topic, o => o.DeliveryTimeoutMs = 1500);
        var batch = new TelemetryGenerator().Generate(TelemetryKind.Logs, 20, 20).Single();
        await using var producer = new KafkaBatchProducer(options);
        for (int broker = 1; broker <= 3; broker++)
        {
            kafka.Cluster.SetBrokerDown(broker);
        }

        try
        {
            var result = await producer.ProduceAsync(batch).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(20, result.Failed);
            Assert.False(result.Succeeded);
            Assert.NotEmpty(result.Failures);
            var ex = Assert.Throws<ConnectionFailedException>(() => result.EnsureSuccess(topic));
            Assert.Contains(topic, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            for (int broker = 1; broker <= 3; broker++)
            {
                kafka.Cluster.SetBrokerUp(broker);
            }
        }
    }

    [Fact]
    public async Task Transactions_commit_records_atomically()
    {
        string topic = kafka.Cluster.CreateUniqueTopic("tx", partitions: 1);
        var options = KafkaTestOptions.For(kafka.BootstrapServers, topic, o => o.TransactionalId = "tx-" + Guid.NewGuid().ToString("N"));
        var batch = new TelemetryGenerator().Generate(TelemetryKind.Logs, 50, 50).Single();
        await using (var producer = new KafkaBatchProducer(options))
        {
            producer.BeginTransaction();
            (await producer.ProduceAsync(batch)).EnsureSuccess(topic);
            await producer.CommitTransactionAsync();
        }

        using var consumer = new KafkaBatchConsumer(options, TelemetrySchemas.Logs);
        consumer.Subscribe(topic);
        var rows = await ConsumeHelper.ReadRowsAsync(consumer, 50);
        Assert.Equal(50, rows.Sum(b => b.Length));
    }

    [Fact]
    public void Transactions_without_an_id_fail_clearly()
    {
        using var producer = new KafkaBatchProducer(KafkaTestOptions.For(kafka.BootstrapServers, "t"));
        var ex = Assert.Throws<ValidationFailedException>(producer.BeginTransaction);
        Assert.Contains("transactional_id", ex.Message, StringComparison.Ordinal);
    }
}
