using Confluent.Kafka;
using Orasi.Connectors.DeltaLake.Operations;
using Orasi.Connectors.Kafka.Configuration;
using Orasi.Connectors.Kafka.Producer;
using Orasi.Connectors.Kafka.Sink;
using Orasi.Connectors.Kafka.Tests.Support;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;
using Orasi.Testing;
using Orasi.Testing.Kafka;

namespace Orasi.Connectors.Kafka.Tests.Sink;

[Collection(KafkaMockClusterFixture.CollectionName)]
public sealed class KafkaTableSinkTests(KafkaMockClusterFixture kafka)
{
    private static Task<HashSet<string>> ProduceAsync(KafkaOptions options, long count, long seed) => SinkTestSupport.ProduceAsync(options, count, seed);

    private KafkaOptions Options(string topic) => SinkTestSupport.Options(kafka.BootstrapServers, topic);

    private static KafkaTableSinkOptions SinkOptions(string uri, string group) => SinkTestSupport.SinkOptions(uri, group, KafkaSinkTableFormat.Delta);

    private static async Task AssertExactlyOnceAsync(string uri, HashSet<string> expected) =>
        SinkTestSupport.AssertExactlyOnce(expected, await SinkTableReader.SpanIdsAsync(uri));

    private static Task AssertOffsetsAtEndAsync(KafkaOptions options, string uri, string group, int partitions) =>
        SinkTestSupport.AssertOffsetsAtEndAsync(options, SinkOptions(uri, group), group, partitions);

    [Fact]
    public async Task Sink_writes_every_message_exactly_once_with_offsets_in_the_table()
    {
        string topic = kafka.Cluster.CreateUniqueTopic("sink", partitions: 4);
        var options = Options(topic);
        var expected = await ProduceAsync(options, 40_000, 1);
        using var dir = new TempDirectory();
        string uri = Path.Combine(dir.Path, "spans");

        KafkaSinkResult result = await new KafkaTableSink(options, SinkOptions(uri, "g1")).RunAsync();

        Assert.Equal(40_000, result.RowsWritten);
        Assert.True(result.Commits >= 4, $"expected several flushes of at most 10000 rows, got {result.Commits}");
        await AssertExactlyOnceAsync(uri, expected);
        await AssertOffsetsAtEndAsync(options, uri, "g1", 4);
        Assert.Equal(4, result.Offsets.Count);
    }

    [Fact]
    public async Task Restart_after_a_clean_stop_resumes_from_the_table_without_duplicates()
    {
        string topic = kafka.Cluster.CreateUniqueTopic("sink-restart", partitions: 4);
        var options = Options(topic);
        var expected = await ProduceAsync(options, 20_000, 2);
        using var dir = new TempDirectory();
        string uri = Path.Combine(dir.Path, "spans");

        var first = await new KafkaTableSink(options, SinkOptions(uri, "g2") with { MaxRows = 7_000, FlushRows = 3_000 }).RunAsync();
        Assert.InRange(first.RowsWritten, 7_000, 7_000 + 10_000);
        Assert.True((await SinkTableReader.SpanIdsAsync(uri)).Count == first.RowsWritten);

        expected.UnionWith(await ProduceAsync(options, 10_000, 3));
        var second = await new KafkaTableSink(options, SinkOptions(uri, "g2")).RunAsync();
        Assert.Equal(30_000 - first.RowsWritten, second.RowsWritten);
        await AssertExactlyOnceAsync(uri, expected);

        // A third run finds nothing new.
        var third = await new KafkaTableSink(options, SinkOptions(uri, "g2") with { IdleTimeout = TimeSpan.FromSeconds(1) }).RunAsync();
        Assert.Equal(0, third.RowsWritten);
        await AssertOffsetsAtEndAsync(options, uri, "g2", 4);
    }

    [Fact]
    public async Task The_table_not_kafka_is_the_source_of_truth_for_offsets()
    {
        string topic = kafka.Cluster.CreateUniqueTopic("sink-truth", partitions: 2);
        var options = Options(topic);
        var expected = await ProduceAsync(options, 6_000, 4);
        using var dir = new TempDirectory();
        string uri = Path.Combine(dir.Path, "spans");

        // Kafka says the group already read everything, but the table holds nothing: the sink must still write it all.
        using (var committer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = options.BootstrapServersList, GroupId = "g3" }).Build())
        {
            committer.Commit([new TopicPartitionOffset(topic, 0, 3_500), new TopicPartitionOffset(topic, 1, 3_500)]);
        }

        var result = await new KafkaTableSink(options, SinkOptions(uri, "g3")).RunAsync();
        Assert.Equal(6_000, result.RowsWritten);
        await AssertExactlyOnceAsync(uri, expected);
    }

    [Fact]
    public async Task Two_instances_in_one_group_split_the_partitions_and_write_each_message_once()
    {
        string topic = kafka.Cluster.CreateUniqueTopic("sink-two", partitions: 4);
        var options = Options(topic);
        var expected = await ProduceAsync(options, 20_000, 5);
        using var dir = new TempDirectory();
        string uri = Path.Combine(dir.Path, "spans");

        var producing = Task.Run(async () =>
        {
            var more = new HashSet<string>();
            for (int i = 0; i < 4; i++)
            {
                await Task.Delay(300);
                more.UnionWith(await ProduceAsync(options, 5_000, 100 + i));
            }

            return more;
        });
        var logs = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var sinkOptions = SinkOptions(uri, "g4") with { FlushRows = 2_000, MaxPollRecords = 1_000, IdleTimeout = TimeSpan.FromSeconds(3), Log = logs.Enqueue };
        var a = Task.Run(() => new KafkaTableSink(options, sinkOptions).RunAsync());
        await Task.Delay(500);
        var b = Task.Run(() => new KafkaTableSink(options, sinkOptions).RunAsync());
        var results = await Task.WhenAll(a, b);
        expected.UnionWith(await producing);

        Assert.All(results, r => Assert.True(r.Commits > 0, "an instance made no commit"));
        // At some point an instance owned only part of the topic (the group split the partitions).
        Assert.Contains(logs, l => l.StartsWith("assigned", StringComparison.Ordinal) && l.Split('@').Length - 1 is > 0 and < 4);
        Assert.Equal(40_000, results.Sum(r => r.RowsWritten));
        await AssertExactlyOnceAsync(uri, expected);
        await AssertOffsetsAtEndAsync(options, uri, "g4", 4);
    }

    [Fact]
    public async Task A_write_whose_expected_partition_offset_is_stale_fails_instead_of_duplicating()
    {
        using var dir = new TempDirectory();
        string uri = Path.Combine(dir.Path, "t");
        var batch = new TelemetryGenerator().Generate(TelemetryKind.Traces, 10, 10).Single();
        string app0 = KafkaTableSink.AppIdFor("g", "t", 0);
        string app1 = KafkaTableSink.AppIdFor("g", "t", 1);
        await DeltaTableWriter.WriteAsync(uri, [batch], new DeltaWriteOptions { Transactions = [new(app0, 9, null), new(app1, 4, null)] });

        // An instance that still believes partition 0 is at "none" (a zombie after a rebalance) must not commit.
        await Assert.ThrowsAsync<CommitConflictException>(() =>
            DeltaTableWriter.WriteAsync(uri, [batch], new DeltaWriteOptions { Transactions = [new(app0, 19, null)] }));
        await Assert.ThrowsAsync<CommitConflictException>(() =>
            DeltaTableWriter.WriteAsync(uri, [batch], new DeltaWriteOptions { Transactions = [new(app0, 19, 9), new(app1, 9, 3)] }));
        await DeltaTableWriter.WriteAsync(uri, [batch], new DeltaWriteOptions { Transactions = [new(app0, 19, 9)] });

        var offsets = await KafkaTableSink.ReadTableOffsetsAsync(uri, "g", "t");
        Assert.Equal(19, offsets[0]);
        Assert.Equal(4, offsets[1]);
        Assert.Equal(20, (await SinkTableReader.SpanIdsAsync(uri)).Count);
    }

    [Fact]
    public async Task Racing_writers_for_the_same_partition_offset_commit_exactly_once()
    {
        using var dir = new TempDirectory();
        string uri = Path.Combine(dir.Path, "t");
        var batch = new TelemetryGenerator().Generate(TelemetryKind.Traces, 10, 10).Single();
        await DeltaTableWriter.CreateAsync(uri, batch.Schema);
        string app = KafkaTableSink.AppIdFor("g", "t", 0);

        // Eight "owners" of partition 0 that all read "no offset yet" race to commit offsets 0..9: one wins, the
        // rest fail either on the read check or on the winning commit's txn in the conflict check.
        var attempts = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            try
            {
                await DeltaTableWriter.WriteAsync(uri, [batch], new DeltaWriteOptions { Transactions = [new(app, 9, null)] });
                return true;
            }
            catch (CommitConflictException)
            {
                return false;
            }
        })).ToList();
        bool[] outcomes = await Task.WhenAll(attempts);

        Assert.Equal(1, outcomes.Count(o => o));
        Assert.Equal(10, (await SinkTableReader.SpanIdsAsync(uri)).Count);
        Assert.Equal(9, (await KafkaTableSink.ReadTableOffsetsAsync(uri, "g", "t"))[0]);
    }

    [Fact]
    public void Bad_options_are_rejected()
    {
        var options = KafkaTestOptions.For(kafka.BootstrapServers, "x");
        Assert.Throws<ValidationFailedException>(() => new KafkaTableSink(options, new KafkaTableSinkOptions { TableUri = "/tmp/x", FlushRows = 0 }));
        Assert.Throws<ValidationFailedException>(() => new KafkaTableSink(options, new KafkaTableSinkOptions { TableUri = " " }));
        Assert.Equal("orasi-sink:g:t:3", KafkaTableSink.AppIdFor("g", "t", 3));
    }
}
