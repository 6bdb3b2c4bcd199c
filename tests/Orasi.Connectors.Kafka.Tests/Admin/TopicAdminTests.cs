using Orasi.Connectors.Kafka.Admin;
using Orasi.Connectors.Kafka.Connector;
using Orasi.Connectors.Kafka.Consumer;
using Orasi.Connectors.Kafka.Tests.Support;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;
using Orasi.Testing.Kafka;

namespace Orasi.Connectors.Kafka.Tests.Admin;

[Collection(KafkaMockClusterFixture.CollectionName)]
public sealed class TopicAdminTests(KafkaMockClusterFixture kafka)
{
    [Fact]
    public async Task List_and_describe_topics_created_on_the_mock()
    {
        string topic = kafka.Cluster.CreateUniqueTopic("admin", partitions: 5, replicationFactor: 3);
        using var admin = new KafkaTopicAdmin(KafkaTestOptions.For(kafka.BootstrapServers, topic));
        var topics = await admin.ListTopicsAsync();
        Assert.Contains(topics, t => t.Name == topic);
        KafkaTopicInfo info = await admin.DescribeTopicAsync(topic);
        Assert.Equal(5, info.Partitions.Count);
        Assert.Equal(3, info.ReplicationFactor);
        Assert.All(info.Partitions, p => Assert.InRange(p.Leader, 1, 3));
        Assert.Equal(3, (await admin.ListBrokersAsync()).Count);
    }

    [Fact]
    public async Task Describing_a_missing_topic_names_it()
    {
        using var admin = new KafkaTopicAdmin(KafkaTestOptions.For(kafka.BootstrapServers, "x", o => o.Properties = new Dictionary<string, string> { ["allow.auto.create.topics"] = "false" }));
        var ex = await Assert.ThrowsAsync<TableNotFoundException>(() => admin.DescribeTopicAsync("no-such-topic-" + Guid.NewGuid().ToString("N")));
        Assert.Contains("no-such-topic-", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_topic_is_not_supported_by_the_mock_and_fails_clearly()
    {
        using var admin = new KafkaTopicAdmin(KafkaTestOptions.For(kafka.BootstrapServers, "x", o => o.TimeoutSeconds = 2));
        var ex = await Assert.ThrowsAnyAsync<ConnectorException>(() => admin.CreateTopicAsync(new KafkaTopicSpec("created-" + Guid.NewGuid().ToString("N"), 3, 1)));
        Assert.Contains("create topic", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Group_lag_reflects_commits()
    {
        string topic = kafka.Cluster.CreateUniqueTopic("lag", partitions: 2);
        var options = KafkaTestOptions.For(kafka.BootstrapServers, topic);
        await using (var connector = new KafkaConnector(options))
        {
            await connector.ConnectAsync();
            Assert.True((await connector.HealthCheckAsync()).IsHealthy);
            foreach (var batch in new TelemetryGenerator().Generate(TelemetryKind.Logs, 100, 100))
            {
                await connector.WriteBatchAsync(batch);
            }
        }

        using var admin = new KafkaTopicAdmin(options);
        Assert.Equal(100, (await admin.GetLagAsync(options.GroupId, topic)).Sum(l => l.Lag));
        using (var consumer = new KafkaBatchConsumer(options, TelemetrySchemas.Logs))
        {
            consumer.Subscribe(topic);
            await ConsumeHelper.ReadRowsAsync(consumer, 100);
        }

        var lag = await admin.GetLagAsync(options.GroupId, topic);
        Assert.Equal(0, lag.Sum(l => l.Lag));
        Assert.Equal(100, lag.Sum(l => l.HighWatermark));
    }

    [Fact]
    public async Task Health_is_unhealthy_when_no_broker_answers()
    {
        var options = KafkaTestOptions.For("127.0.0.1:1", "t", o => o.TimeoutSeconds = 1);
        await using var connector = new KafkaConnector(options);
        var health = await connector.HealthCheckAsync();
        Assert.False(health.IsHealthy);
        Assert.Contains("127.0.0.1:1", health.Description, StringComparison.Ordinal);
    }
}
