using System.Diagnostics;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Arrays;
using Orasi.Connectors;
using Orasi.Connectors.DeltaLake;
using Orasi.Connectors.DeltaLake.Scan;
using Orasi.Connectors.Iceberg;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Scan;
using Orasi.Connectors.Kafka.Configuration;
using Orasi.Connectors.Kafka.Producer;
using Orasi.Connectors.Kafka.Sink;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;
using Orasi.Testing;
using Orasi.Testing.Kafka;
using Xunit.Abstractions;

namespace Orasi.Cli.Tests;

[Collection(KafkaMockClusterFixture.CollectionName)]
public sealed class KafkaSinkCommandTests(KafkaMockClusterFixture kafka, ITestOutputHelper log)
{
    // Short session timeout and heartbeats so a member that was killed is evicted quickly and restarts rejoin fast.
    private static readonly Dictionary<string, string> FastGroupEnv = new()
    {
        ["KAFKA_SESSION_TIMEOUT_MS"] = "1500",
        ["KAFKA_PROPERTIES"] = "{\"heartbeat.interval.ms\":\"150\"}",
    };

    private async Task<HashSet<string>> ProduceAsync(string topic, long count, long seed)
    {
        var options = new KafkaOptions { BootstrapServers = [kafka.BootstrapServers], Topic = topic, LingerMs = 1 };
        var generator = new TelemetryGeneratorOptions { Seed = seed };
        await using var producer = new KafkaBatchProducer(options);
        var result = await producer.ProduceAllAsync(new TelemetryGenerator(generator).GenerateAsync(TelemetryKind.Traces, count, 2500));
        result.EnsureSuccess(topic);
        return new TelemetryGenerator(generator).Generate(TelemetryKind.Traces, count, 2500)
            .SelectMany(SpanBatchReader.Read).Select(s => s.SpanId.ToHexString().ToUpperInvariant()).ToHashSet();
    }

    private static async Task<List<string>> SpanIdsAsync(string uri)
    {
        await using var table = await DeltaTable.OpenAsync(uri);
        var snapshot = await table.GetSnapshotAsync();
        var ids = new List<string>();
        await foreach (RecordBatch batch in snapshot.ScanAsync(new DeltaScanOptions { Columns = ["span_id"] }))
        {
            IArrowArray column = batch.Column(0);
            for (int i = 0; i < column.Length; i++)
            {
                ids.Add(Convert.ToHexString(column is BinaryArray b ? b.GetBytes(i) : ((FixedSizeBinaryArray)column).GetBytes(i)));
            }
        }

        return ids;
    }

    private static List<string> SpanIds(IArrowArray column)
    {
        var ids = new List<string>();
        for (int i = 0; i < column.Length; i++)
        {
            ids.Add(Convert.ToHexString(column is BinaryArray b ? b.GetBytes(i) : ((FixedSizeBinaryArray)column).GetBytes(i)));
        }

        return ids;
    }

    private static async Task<List<string>> IcebergSpanIdsAsync(IcebergTable table)
    {
        var ids = new List<string>();
        await foreach (RecordBatch batch in table.ScanAsync(new IcebergScanOptions { Columns = ["span_id"] }))
        {
            ids.AddRange(SpanIds(batch.Column(0)));
        }

        return ids;
    }

    private static async Task<List<string>> SpanIdsAsync(string uri, string format)
    {
        if (format == "delta")
        {
            return await SpanIdsAsync(uri);
        }

        await using var table = await IcebergTable.LoadAsync(uri);
        return await IcebergSpanIdsAsync(table);
    }

    private static async Task<int> CommitsAsync(string uri, string format)
    {
        if (format == "delta")
        {
            return Directory.Exists(Path.Combine(uri, "_delta_log")) ? Directory.GetFiles(Path.Combine(uri, "_delta_log"), "*.json").Length : 0;
        }

        try
        {
            await using var table = await IcebergTable.LoadAsync(uri);
            return table.Snapshots.Count;
        }
        catch (TableNotFoundException)
        {
            return 0;
        }
    }

    private static void AssertExactlyOnce(HashSet<string> expected, List<string> ids)
    {
        int duplicates = ids.Count - ids.Distinct().Count();
        int missing = expected.Except(ids).Count();
        int unexpected = ids.Except(expected).Count();
        Assert.True(duplicates == 0 && missing == 0 && unexpected == 0,
            $"expected {expected.Count} distinct span ids, the table holds {ids.Count} rows: {duplicates} duplicates, {missing} missing, {unexpected} unexpected");
    }

    [Fact]
    public async Task Sink_consumes_a_topic_into_a_delta_table_and_a_second_run_adds_only_new_messages()
    {
        string topic = kafka.Cluster.CreateUniqueTopic("cli-sink", partitions: 4);
        var expected = await ProduceAsync(topic, 20_000, 11);
        using var dir = new TempDirectory();
        string uri = Path.Combine(dir.Path, "spans");
        string[] args = ["kafka", "sink", "-b", kafka.BootstrapServers, "--topic", topic, "--group", "cli-sink", "--target", uri,
            "--flush-rows", "5000", "--flush-seconds", "1", "--idle-timeout", "1.5"];

        var first = await CliRunner.RunAsync(FastGroupEnv, args);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Wrote 20000 rows", first.Output, StringComparison.Ordinal);
        AssertExactlyOnce(expected, await SpanIdsAsync(uri));

        expected.UnionWith(await ProduceAsync(topic, 3_000, 12));
        var second = await CliRunner.RunAsync(FastGroupEnv, args);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Wrote 3000 rows", second.Output, StringComparison.Ordinal);
        AssertExactlyOnce(expected, await SpanIdsAsync(uri));
    }

    [Fact]
    public async Task Sink_consumes_a_topic_into_an_iceberg_table_location_and_a_second_run_adds_only_new_messages()
    {
        string topic = kafka.Cluster.CreateUniqueTopic("cli-ice-sink", partitions: 4);
        var expected = await ProduceAsync(topic, 20_000, 21);
        using var dir = new TempDirectory();
        string location = Path.Combine(dir.Path, "warehouse", "otel", "spans");
        string[] args = ["kafka", "sink", "-b", kafka.BootstrapServers, "--topic", topic, "--group", "cli-ice", "--target", location,
            "--table-format", "iceberg", "--flush-rows", "5000", "--flush-seconds", "1", "--idle-timeout", "1.5"];

        var first = await CliRunner.RunAsync(FastGroupEnv, args);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Wrote 20000 rows", first.Output, StringComparison.Ordinal);
        AssertExactlyOnce(expected, await SpanIdsAsync(location, "iceberg"));

        expected.UnionWith(await ProduceAsync(topic, 3_000, 22));
        var second = await CliRunner.RunAsync(FastGroupEnv, args);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Wrote 3000 rows", second.Output, StringComparison.Ordinal);
        AssertExactlyOnce(expected, await SpanIdsAsync(location, "iceberg"));

        await using var table = await IcebergTable.LoadAsync(location);
        Assert.Equal("day", Assert.Single(table.Metadata.DefaultSpec.Fields).Transform.Name);
        Assert.Contains(KafkaTableSink.IcebergOffsetsKey("cli-ice", topic), table.CurrentSnapshot!.Summary.Keys);
        var offsets = await KafkaTableSink.ReadTableOffsetsAsync(new KafkaTableSinkOptions { TableUri = location, Format = KafkaSinkTableFormat.Iceberg }, "cli-ice", topic);
        Assert.Equal(23_000, offsets.Values.Sum(o => o + 1));
    }

    [Fact]
    public async Task Sink_writes_to_a_table_of_the_configured_sql_catalog_named_namespace_dot_table()
    {
        string topic = kafka.Cluster.CreateUniqueTopic("cli-ice-sql", partitions: 2);
        var expected = await ProduceAsync(topic, 6_000, 23);
        using var dir = new TempDirectory();
        string catalogFile = Path.Combine(dir.Path, "catalog.db");
        string warehouse = Path.Combine(dir.Path, "warehouse");
        var env = new Dictionary<string, string>(FastGroupEnv)
        {
            ["ICEBERG_CATALOG_TYPE"] = "sql",
            ["ICEBERG_CATALOG_URI"] = $"Data Source={catalogFile}",
            ["ICEBERG_WAREHOUSE"] = warehouse,
        };

        var run = await CliRunner.RunAsync(env, "kafka", "sink", "-b", kafka.BootstrapServers, "--topic", topic, "--group", "cli-sql", "--target", "otel.spans",
            "--table-format", "iceberg", "--flush-rows", "2500", "--flush-seconds", "1", "--idle-timeout", "1.5");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Wrote 6000 rows", run.Output, StringComparison.Ordinal);

        await using var catalog = await SqlCatalog.OpenAsync($"Data Source={catalogFile}", warehouse);
        await using var table = await catalog.LoadTableAsync(new TableIdentifier("otel", "spans"));
        AssertExactlyOnce(expected, await IcebergSpanIdsAsync(table));
        Assert.Contains(KafkaTableSink.IcebergOffsetsKey("cli-sql", topic), table.CurrentSnapshot!.Summary.Keys);
    }

    [Fact]
    public async Task Bad_flags_and_iceberg_targets_are_usage_errors()
    {
        using var dir = new TempDirectory();
        var iceberg = await CliRunner.RunAsync("kafka", "sink", "-b", kafka.BootstrapServers, "--topic", "x", "--group", "g", "--target", "/t", "--table-format", "iceberg");
        Assert.Equal(2, iceberg.ExitCode);
        Assert.Contains("<warehouse>/<namespace>/<table>", iceberg.Error, StringComparison.Ordinal);
        var badPartition = await CliRunner.RunAsync("kafka", "sink", "-b", kafka.BootstrapServers, "--topic", "x", "--target", Path.Combine(dir.Path, "w", "n", "t"),
            "--table-format", "iceberg", "--partition-by", "nope[3](x)");
        Assert.Equal(2, badPartition.ExitCode);

        var badFlush = await CliRunner.RunAsync("kafka", "sink", "-b", kafka.BootstrapServers, "--topic", "x", "--target", dir.Path, "--flush-rows", "0");
        Assert.Equal(2, badFlush.ExitCode);
        var noTarget = await CliRunner.RunAsync("kafka", "sink", "-b", kafka.BootstrapServers, "--topic", "x");
        Assert.Equal(2, noTarget.ExitCode);
    }

    [Fact]
    public Task Killing_the_sink_process_at_random_points_while_producing_still_writes_each_message_exactly_once() => CrashLoopAsync("delta");

    [Fact]
    public Task Killing_the_iceberg_sink_process_at_random_points_while_producing_still_writes_each_message_exactly_once() => CrashLoopAsync("iceberg");

    private async Task CrashLoopAsync(string format)
    {
        string topic = kafka.Cluster.CreateUniqueTopic($"cli-crash-{format}", partitions: 12);
        using var dir = new TempDirectory();
        string uri = Path.Combine(dir.Path, "warehouse", "otel", "spans");
        int seed = Environment.TickCount;
        var random = new Random(seed);
        log.WriteLine($"random seed {seed}");

        // 100k messages: before each run a backlog of 19,000, and 6,000 more produced while the run is going. Twelve
        // partitions keep every partition's log well under the mock broker's retention (5 MiB per partition: older
        // records are dropped beyond it, which would look like loss).
        var expected = new HashSet<string>();
        string[] args = ["kafka", "sink", "-b", kafka.BootstrapServers, "--topic", topic, "--group", "crash", "--target", uri,
            "--table-format", format, "--flush-rows", "500", "--flush-seconds", "0.3"];
        long previousRows = 0;
        int killedMidBacklog = 0;
        for (int kill = 0; kill < 4; kill++)
        {
            // Kill at a random point after the child's first commit, so every run crashes mid-stream.
            expected.UnionWith(await ProduceAsync(topic, 19_000, 1000 + (2 * kill)));
            int commitsBefore = await CommitsAsync(uri, format);
            var clock = Stopwatch.StartNew();
            using var child = Child.Start(args, FastGroupEnv);
            var producing = ProduceAsync(topic, 6_000, 1001 + (2 * kill));
            while (await CommitsAsync(uri, format) == commitsBefore && clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(50);
            }

            await Task.Delay(random.Next(0, 250));
            var wait = clock.Elapsed;
            child.Kill();
            expected.UnionWith(await producing);
            long rows = await CommitsAsync(uri, format) > 0 ? (await SpanIdsAsync(uri, format)).Count : 0;
            log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} kill {kill} after {wait.TotalMilliseconds} ms: table holds {rows} rows; child said: {child.Output}");
            Assert.True(rows > previousRows, $"run {kill} committed nothing before it was killed");
            if (rows < 25_000 * kill + 19_000)
            {
                killedMidBacklog++; // killed before it had caught up with the messages produced before it started
            }

            previousRows = rows;
        }

        using (var last = Child.Start([.. args, "--idle-timeout", "2"], FastGroupEnv))
        {
            int exit = await last.WaitAsync(TimeSpan.FromSeconds(180));
            Assert.True(exit == 0, last.Output.ToString());
        }

        Assert.True(killedMidBacklog > 0, "every run had caught up before it was killed; no crash hit the middle of a stream");
        AssertExactlyOnce(expected, await SpanIdsAsync(uri, format));
        var offsets = await KafkaTableSink.ReadTableOffsetsAsync(
            new KafkaTableSinkOptions { TableUri = uri, Format = format == "iceberg" ? KafkaSinkTableFormat.Iceberg : KafkaSinkTableFormat.Delta }, "crash", topic);
        Assert.Equal(100_000, offsets.Values.Sum(o => o + 1));
    }

    private sealed class Child : IDisposable
    {
        private readonly Process _process;

        private Child(Process process) => _process = process;

        public StringBuilder Output { get; } = new();

        public static Child Start(string[] args, IReadOnlyDictionary<string, string> environment)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add(OrasiDll);
            foreach (string arg in args)
            {
                info.ArgumentList.Add(arg);
            }

            info.Environment["DOTNET_NOLOGO"] = "1";
            info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }

            var child = new Child(Process.Start(info)!);
            child._process.OutputDataReceived += (_, e) => child.Append(e.Data);
            child._process.ErrorDataReceived += (_, e) => child.Append(e.Data);
            child._process.BeginOutputReadLine();
            child._process.BeginErrorReadLine();
            return child;
        }

        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit();
        }

        public async Task<int> WaitAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                Kill();
                throw new TimeoutException($"orasi kafka sink did not finish within {timeout}: {Output}");
            }

            _process.WaitForExit();
            return _process.ExitCode;
        }

        public void Dispose()
        {
            Kill();
            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (Output)
                {
                    Output.AppendLine(line);
                }
            }
        }

        private static string OrasiDll
        {
            get
            {
                var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
                string configuration = baseDir.Parent!.Name; // …/bin/<Configuration>/net10.0
                for (var dir = baseDir; dir is not null; dir = dir.Parent)
                {
                    string dll = Path.Combine(dir.FullName, "src", "Orasi.Cli", "bin", configuration, "net10.0", "orasi.dll");
                    if (File.Exists(Path.Combine(dir.FullName, "Orasi.Connectors.slnx")))
                    {
                        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} is not built; build the solution before the tests.", dll);
                    }
                }

                throw new InvalidOperationException($"Cannot find the repository root above {baseDir.FullName}.");
            }
        }
    }
}
