using System.Text.Json;
using Apache.Arrow;
using Confluent.Kafka;
using Orasi.Connectors.Iceberg;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Connector;
using Orasi.Connectors.Iceberg.Operations;
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
public sealed class IcebergKafkaTableSinkTests(KafkaMockClusterFixture kafka)
{
    private static Task<HashSet<string>> ProduceAsync(KafkaOptions options, long count, long seed) => SinkTestSupport.ProduceAsync(options, count, seed);

    private KafkaOptions Options(string topic) => SinkTestSupport.Options(kafka.BootstrapServers, topic);

    private static KafkaTableSinkOptions SinkOptions(string location, string group) => SinkTestSupport.SinkOptions(location, group, KafkaSinkTableFormat.Iceberg);

    private static async Task AssertExactlyOnceAsync(string location, HashSet<string> expected) =>
        SinkTestSupport.AssertExactlyOnce(expected, await IcebergSinkTableReader.SpanIdsAsync(location));

    private static Task AssertOffsetsAtEndAsync(KafkaOptions options, string location, string group, int partitions) =>
        SinkTestSupport.AssertOffsetsAtEndAsync(options, SinkOptions(location, group), group, partitions);

    private static RecordBatch Spans(int rows, int seed) =>
        new TelemetryGenerator(new TelemetryGeneratorOptions { Seed = seed }).Generate(TelemetryKind.Traces, rows, rows).Single();

    [Fact]
    public async Task Sink_appends_every_message_once_with_the_offsets_in_the_snapshot_summary()
    {
        string topic = kafka.Cluster.CreateUniqueTopic("ice-sink", partitions: 4);
        var options = Options(topic);
        var expected = await ProduceAsync(options, 30_000, 21);
        using var dir = new TempDirectory();
        string location = Path.Combine(dir.Path, "wh", "otel", "spans");

        KafkaSinkResult result = await new KafkaTableSink(options, SinkOptions(location, "ig1")).RunAsync();

        Assert.Equal(30_000, result.RowsWritten);
        Assert.True(result.Commits >= 3, $"expected several flushes of at most 10000 rows, got {result.Commits}");
        await AssertExactlyOnceAsync(location, expected);
        await AssertOffsetsAtEndAsync(options, location, "ig1", 4);

        await using var table = await IcebergTable.LoadAsync(location);
        Assert.Equal(result.Commits, table.Snapshots.Count);
        Assert.Equal("day", Assert.Single(table.Metadata.DefaultSpec.Fields).Transform.Name);
        // Every sink snapshot carries the full map (partition -> next offset); the last one equals the high watermarks.
        string key = KafkaTableSink.IcebergOffsetsKey("ig1", topic);
        Assert.Equal($"orasi.kafka.offsets.ig1.{topic}", key);
        Assert.All(table.Snapshots, s => Assert.True(s.Summary.ContainsKey(key), $"snapshot {s.SnapshotId} has no offsets"));
        var offsets = JsonSerializer.Deserialize<Dictionary<string, long>>(table.CurrentSnapshot!.Summary[key])!;
        Assert.Equal(4, offsets.Count);
        Assert.Equal(30_000, offsets.Values.Sum());
        Assert.Equal("30000", table.CurrentSnapshot.Summary["total-records"]);
    }

    [Fact]
    public async Task Restart_resumes_from_the_snapshot_offsets_without_duplicates()
    {
        string topic = kafka.Cluster.CreateUniqueTopic("ice-restart", partitions: 4);
        var options = Options(topic);
        var expected = await ProduceAsync(options, 20_000, 22);
        using var dir = new TempDirectory();
        string location = Path.Combine(dir.Path, "wh", "otel", "spans");

        var first = await new KafkaTableSink(options, SinkOptions(location, "ig2") with { MaxRows = 7_000, FlushRows = 3_000 }).RunAsync();
        Assert.InRange(first.RowsWritten, 7_000, 7_000 + 10_000);
        Assert.Equal(first.RowsWritten, (await IcebergSinkTableReader.SpanIdsAsync(location)).Count);

        // An unrelated writer appends a snapshot without offsets: the sink walks past it to its own.
        var catalog = new FileSystemCatalog(Path.Combine(dir.Path, "wh"));
        await using (catalog)
        {
            await catalog.AppendAsync(new TableIdentifier("otel", "spans"), [ArrowNormalizer.Normalize(Spans(5, 99))]);
        }

        var stale = await KafkaTableSink.ReadTableOffsetsAsync(SinkOptions(location, "ig2"), "ig2", topic);
        Assert.Equal(first.RowsWritten, stale.Values.Sum(o => o + 1));

        expected.UnionWith(await ProduceAsync(options, 10_000, 23));
        var second = await new KafkaTableSink(options, SinkOptions(location, "ig2")).RunAsync();
        Assert.Equal(30_000 - first.RowsWritten, second.RowsWritten);
        expected.UnionWith(SpanBatchReader.Read(Spans(5, 99)).Select(s => s.SpanId.ToHexString().ToUpperInvariant()));
        await AssertExactlyOnceAsync(location, expected);

        var third = await new KafkaTableSink(options, SinkOptions(location, "ig2") with { IdleTimeout = TimeSpan.FromSeconds(1) }).RunAsync();
        Assert.Equal(0, third.RowsWritten);
        await AssertOffsetsAtEndAsync(options, location, "ig2", 4);
    }

    [Fact]
    public async Task Two_instances_in_one_group_split_the_partitions_and_write_each_message_once()
    {
        string topic = kafka.Cluster.CreateUniqueTopic("ice-two", partitions: 4);
        var options = Options(topic);
        var expected = await ProduceAsync(options, 20_000, 24);
        using var dir = new TempDirectory();
        string location = Path.Combine(dir.Path, "wh", "otel", "spans");

        var producing = Task.Run(async () =>
        {
            var more = new HashSet<string>();
            for (int i = 0; i < 4; i++)
            {
                await Task.Delay(300);
                more.UnionWith(await ProduceAsync(options, 5_000, 200 + i));
            }

            return more;
        });
        var logs = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var sinkOptions = SinkOptions(location, "ig4") with { FlushRows = 2_000, MaxPollRecords = 1_000, IdleTimeout = TimeSpan.FromSeconds(3), Log = logs.Enqueue };
        var a = Task.Run(() => new KafkaTableSink(options, sinkOptions).RunAsync());
        await Task.Delay(500);
        var b = Task.Run(() => new KafkaTableSink(options, sinkOptions).RunAsync());
        var results = await Task.WhenAll(a, b);
        expected.UnionWith(await producing);

        Assert.All(results, r => Assert.True(r.Commits > 0, "an instance made no commit"));
        Assert.Contains(logs, l => l.StartsWith("assigned", StringComparison.Ordinal) && l.Split('@').Length - 1 is > 0 and < 4);
        Assert.Equal(40_000, results.Sum(r => r.RowsWritten));
        await AssertExactlyOnceAsync(location, expected);
        await AssertOffsetsAtEndAsync(options, location, "ig4", 4);
    }

    [Fact]
    public async Task A_zombie_committing_a_range_another_owner_already_committed_is_dropped_with_its_files()
    {
        using var dir = new TempDirectory();
        string location = Path.Combine(dir.Path, "wh", "ns", "t");
        var target = IcebergOptions.ForLocation(location);
        var batch = Spans(10, 1);
        await using var owner = new IcebergSinkTable(target, "g", "t");
        await using var zombie = new IcebergSinkTable(target, "g", "t");

        // Both believe partition 0 has nothing yet and hold offsets 0..9; the owner commits first.
        await owner.CommitAsync([batch], [new SinkPartitionCommit(0, null, 9), new SinkPartitionCommit(1, null, 4)], default);
        var ex = await Assert.ThrowsAsync<CommitConflictException>(() => zombie.CommitAsync([batch], [new SinkPartitionCommit(0, null, 9)], default));
        Assert.Contains("another instance committed", ex.Message, StringComparison.Ordinal);
        // A stale expectation that is not "none" fails the same way; a partition nobody else owns commits.
        await Assert.ThrowsAsync<CommitConflictException>(() => zombie.CommitAsync([batch], [new SinkPartitionCommit(0, 5, 19), new SinkPartitionCommit(2, null, 3)], default));
        await zombie.CommitAsync([batch], [new SinkPartitionCommit(2, null, 3)], default);
        await owner.CommitAsync([batch], [new SinkPartitionCommit(0, 9, 19)], default);

        Assert.Equal(30, (await IcebergSinkTableReader.SpanIdsAsync(location)).Count);
        var offsets = await owner.ReadOffsetsAsync(default);
        Assert.Equal(new Dictionary<int, long> { [0] = 19, [1] = 4, [2] = 3 }, offsets.OrderBy(p => p.Key).ToDictionary());
        await using var table = await IcebergTable.LoadAsync(location);
        Assert.Equal(3, table.Snapshots.Count);
        // The aborted attempts left no data files behind.
        Assert.Equal(3, IcebergSinkTableReader.DataFilesOnDisk(location));
    }

    [Fact]
    public async Task Racing_owners_of_one_partition_land_exactly_one_commit_and_other_partitions_do_not_conflict()
    {
        using var dir = new TempDirectory();
        string location = Path.Combine(dir.Path, "wh", "ns", "t");
        var target = IcebergOptions.ForLocation(location);
        var batch = Spans(10, 2);
        await using (var creator = new IcebergSinkTable(target, "g", "t"))
        {
            await creator.CommitAsync([batch], [new SinkPartitionCommit(9, null, 0)], default);
        }

        // Eight "owners" of partition 0 that all read "no offset yet" race (commit retries re-validate on the new base),
        // while four instances each owning another partition commit concurrently.
        var zombies = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await using var sink = new IcebergSinkTable(target, "g", "t");
            try
            {
                await sink.CommitAsync([batch], [new SinkPartitionCommit(0, null, 9)], default);
                return true;
            }
            catch (CommitConflictException)
            {
                return false;
            }
        })).ToList();
        var others = Enumerable.Range(1, 4).Select(p => Task.Run(async () =>
        {
            await using var sink = new IcebergSinkTable(target, "g", "t");
            await sink.CommitAsync([batch], [new SinkPartitionCommit(p, null, 10L * p)], default);
        })).ToList();
        bool[] outcomes = await Task.WhenAll(zombies);
        await Task.WhenAll(others);

        Assert.Equal(1, outcomes.Count(o => o));
        Assert.Equal(10 * (1 + 1 + 4), (await IcebergSinkTableReader.SpanIdsAsync(location)).Count);
        var offsets = await KafkaTableSink.ReadTableOffsetsAsync(new KafkaTableSinkOptions { TableUri = location, Format = KafkaSinkTableFormat.Iceberg }, "g", "t");
        Assert.Equal(new Dictionary<int, long> { [0] = 9, [1] = 10, [2] = 20, [3] = 30, [4] = 40, [9] = 0 }, offsets.OrderBy(p => p.Key).ToDictionary());
        Assert.Equal(6, IcebergSinkTableReader.DataFilesOnDisk(location));
    }

    [Fact]
    public async Task A_commit_retried_after_a_conflict_revalidates_the_offsets_on_the_new_base_and_aborts()
    {
        using var dir = new TempDirectory();
        string location = Path.Combine(dir.Path, "wh", "ns", "t");
        var target = IcebergOptions.ForLocation(location);
        var batch = Spans(10, 3);
        string key = KafkaTableSink.IcebergOffsetsKey("g", "t");
        await using var owner = new IcebergSinkTable(target, "g", "t");
        await owner.CommitAsync([batch], [new SinkPartitionCommit(1, null, 0)], default);

        // The zombie's first attempt validates against a base without partition 0; before it commits, the owner commits
        // partition 0. The zombie's commit then loses the race, reloads, re-validates and must abort (not rebase).
        var catalog = new FileSystemCatalog(Path.Combine(dir.Path, "wh"));
        await using (catalog)
        {
            var bases = new List<long?>();
            var options = new IcebergAppendOptions
            {
                Validate = metadata =>
                {
                    bases.Add(metadata.CurrentSnapshotId);
                    var merged = IcebergSinkTable.Validate(metadata, key, [new SinkPartitionCommit(0, null, 9)]);
                    if (bases.Count == 1)
                    {
                        Task.Run(() => owner.CommitAsync([batch], [new SinkPartitionCommit(0, null, 9)], default)).GetAwaiter().GetResult();
                    }

                    return merged;
                },
            };
            await Assert.ThrowsAsync<CommitConflictException>(() => catalog.AppendAsync(new TableIdentifier("ns", "t"), [ArrowNormalizer.Normalize(batch)], options));
            Assert.Equal(2, bases.Count);
            Assert.NotEqual(bases[0], bases[1]);
        }

        Assert.Equal(20, (await IcebergSinkTableReader.SpanIdsAsync(location)).Count);
        Assert.Equal(2, IcebergSinkTableReader.DataFilesOnDisk(location));
        Assert.Equal(new Dictionary<int, long> { [0] = 9, [1] = 0 }, (await owner.ReadOffsetsAsync(default)).OrderBy(p => p.Key).ToDictionary());

        // The same append against partitions nobody else advanced is rebased and lands, its summary merged over the new base.
        var other = new FileSystemCatalog(Path.Combine(dir.Path, "wh"));
        await using (other)
        {
            int calls = 0;
            var options = new IcebergAppendOptions
            {
                SummaryProperties = new Dictionary<string, string> { ["writer"] = "test", ["operation"] = "ignored" },
                Validate = metadata =>
                {
                    var merged = IcebergSinkTable.Validate(metadata, key, [new SinkPartitionCommit(2, null, 4)]);
                    if (++calls == 1)
                    {
                        Task.Run(() => owner.CommitAsync([batch], [new SinkPartitionCommit(0, 9, 19)], default)).GetAwaiter().GetResult();
                    }

                    return merged;
                },
            };
            var result = await other.AppendAsync(new TableIdentifier("ns", "t"), [ArrowNormalizer.Normalize(batch)], options);
            Assert.Equal(2, result.Attempts);
            var summary = result.Metadata.CurrentSnapshot!.Summary;
            Assert.Equal("append", summary["operation"]);
            Assert.Equal("test", summary["writer"]);
            Assert.Equal("{\"0\":20,\"1\":1,\"2\":5}", summary[key]);
        }
    }

    [Fact]
    public void Iceberg_locations_must_name_warehouse_namespace_and_table()
    {
        var options = KafkaTestOptions.For(kafka.BootstrapServers, "x");
        Assert.Throws<ValidationFailedException>(() => new KafkaTableSink(options, new KafkaTableSinkOptions { TableUri = "/t", Format = KafkaSinkTableFormat.Iceberg }));
        _ = new KafkaTableSink(options, new KafkaTableSinkOptions { TableUri = "/wh/ns/t", Format = KafkaSinkTableFormat.Iceberg });
        Assert.Equal("{\"0\":10,\"3\":7}", IcebergSinkTable.Serialize(new Dictionary<int, long> { [3] = 7, [0] = 10 }));
    }
}
