using Confluent.Kafka;
using Orasi.Connectors.Kafka.Configuration;
using Orasi.Connectors.Kafka.Producer;
using Orasi.Connectors.Kafka.Sink;
using Orasi.Connectors.Kafka.Tests.Support;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;

namespace Orasi.Connectors.Kafka.Tests.Sink;

/// <summary>What the Delta and Iceberg sink tests share: producing spans, options, and the end-state checks.</summary>
internal static class SinkTestSupport
{
    /// <summary>Produces <paramref name="count"/> generated spans; returns their span ids (upper-case hex).</summary>
    public static async Task<HashSet<string>> ProduceAsync(KafkaOptions options, long count, long seed)
    {
        var generator = new TelemetryGenerator(new TelemetryGeneratorOptions { Seed = seed });
        await using var producer = new KafkaBatchProducer(options);
        var result = await producer.ProduceAllAsync(generator.GenerateAsync(TelemetryKind.Traces, count, 5000));
        result.EnsureSuccess(options.Topic);
        Assert.Equal(count, result.Delivered);
        return new TelemetryGenerator(new TelemetryGeneratorOptions { Seed = seed }).Generate(TelemetryKind.Traces, count, 5000)
            .SelectMany(SpanBatchReader.Read).Select(s => s.SpanId.ToHexString().ToUpperInvariant()).ToHashSet();
    }

    /// <summary>Client options with a short session timeout so group members come and go quickly.</summary>
    public static KafkaOptions Options(string bootstrapServers, string topic) =>
        KafkaTestOptions.For(bootstrapServers, topic, o =>
        {
            o.SessionTimeoutMs = 3000;
            o.Properties = new Dictionary<string, string> { ["heartbeat.interval.ms"] = "300" };
        });

    /// <summary>Sink options: flush every 10,000 rows or second, stop after 2 s without records.</summary>
    public static KafkaTableSinkOptions SinkOptions(string uri, string group, KafkaSinkTableFormat format) => new()
    {
        TableUri = uri,
        Format = format,
        GroupId = group,
        FlushRows = 10_000,
        FlushInterval = TimeSpan.FromSeconds(1),
        PollWait = TimeSpan.FromMilliseconds(200),
        IdleTimeout = TimeSpan.FromSeconds(2),
    };

    /// <summary>The table holds exactly the expected span ids, each once.</summary>
    public static void AssertExactlyOnce(HashSet<string> expected, List<string> ids)
    {
        Assert.Equal(expected.Count, ids.Count);
        Assert.True(expected.SetEquals(ids), "the table's span ids differ from the produced ones");
    }

    /// <summary>The offsets stored in the table are the last offset of every partition.</summary>
    public static async Task AssertOffsetsAtEndAsync(KafkaOptions options, KafkaTableSinkOptions sink, string group, int partitions)
    {
        IReadOnlyDictionary<int, long> stored = await KafkaTableSink.ReadTableOffsetsAsync(sink, group, options.Topic);
        using var probe = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = options.BootstrapServersList, GroupId = "probe" }).Build();
        for (int p = 0; p < partitions; p++)
        {
            long high = probe.QueryWatermarkOffsets(new TopicPartition(options.Topic, p), TimeSpan.FromSeconds(10)).High.Value;
            Assert.Equal(high - 1, stored[p]);
        }
    }
}
