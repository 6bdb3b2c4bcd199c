using System.Diagnostics;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Arrays;
using Orasi.Connectors.DeltaLake;
using Orasi.Connectors.DeltaLake.Scan;
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

    private static int Commits(string uri) =>
        Directory.Exists(Path.Combine(uri, "_delta_log")) ? Directory.GetFiles(Path.Combine(uri, "_delta_log"), "*.json").Length : 0;

    private static void AssertExactlyOnce(HashSet<string> expected, List<string> ids)
    {
        Assert.Equal(expected.Count, ids.Count);
        Assert.True(expected.SetEquals(ids), "the table's span ids differ from the produced ones");
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
    public async Task Iceberg_is_not_supported_yet_and_bad_flags_are_usage_errors()
    {
        using var dir = new TempDirectory();
        var iceberg = await CliRunner.RunAsync("kafka", "sink", "-b", kafka.BootstrapServers, "--topic", "x", "--group", "g", "--target", dir.Path, "--table-format", "iceberg");
        Assert.Equal(1, iceberg.ExitCode);
        Assert.Contains("Iceberg", iceberg.Error, StringComparison.Ordinal);

        var badFlush = await CliRunner.RunAsync("kafka", "sink", "-b", kafka.BootstrapServers, "--topic", "x", "--target", dir.Path, "--flush-rows", "0");
        Assert.Equal(2, badFlush.ExitCode);
        var noTarget = await CliRunner.RunAsync("kafka", "sink", "-b", kafka.BootstrapServers, "--topic", "x");
        Assert.Equal(2, noTarget.ExitCode);
    }

    [Fact]
    public async Task Killing_the_sink_process_at_random_points_while_producing_still_writes_each_message_exactly_once()
    {
        string topic = kafka.Cluster.CreateUniqueTopic("cli-crash", partitions: 4);
        using var dir = new TempDirectory();
        string uri = Path.Combine(dir.Path, "spans");
        int seed = Environment.TickCount;
        var random = new Random(seed);
        log.WriteLine($"random seed {seed}");

        // 30k messages: before each run a backlog of 6000, and 1500 more produced while the run is going.
        var expected = new HashSet<string>();
        string[] args = ["kafka", "sink", "-b", kafka.BootstrapServers, "--topic", topic, "--group", "crash", "--target", uri,
            "--flush-rows", "500", "--flush-seconds", "0.3"];
        long previousRows = 0;
        int killedMidBacklog = 0;
        for (int kill = 0; kill < 4; kill++)
        {
            // Kill at a random point after the child's first commit, so every run crashes mid-stream.
            expected.UnionWith(await ProduceAsync(topic, 6_000, 1000 + (2 * kill)));
            int commitsBefore = Commits(uri);
            var clock = Stopwatch.StartNew();
            using var child = Child.Start(args, FastGroupEnv);
            var producing = ProduceAsync(topic, 1_500, 1001 + (2 * kill));
            while (Commits(uri) == commitsBefore && clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(50);
            }

            await Task.Delay(random.Next(0, 250));
            var wait = clock.Elapsed;
            child.Kill();
            expected.UnionWith(await producing);
            long rows = Directory.Exists(Path.Combine(uri, "_delta_log")) ? (await SpanIdsAsync(uri)).Count : 0;
            log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} kill {kill} after {wait.TotalMilliseconds} ms: table holds {rows} rows; child said: {child.Output}");
            Assert.True(rows > previousRows, $"run {kill} committed nothing before it was killed");
            if (rows < 7_500 * kill + 6_000)
            {
                killedMidBacklog++; // killed before it had caught up with the messages produced before it started
            }

            previousRows = rows;
        }

        using (var last = Child.Start([.. args, "--idle-timeout", "2"], FastGroupEnv))
        {
            int exit = await last.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(exit == 0, last.Output.ToString());
        }

        Assert.True(killedMidBacklog > 0, "every run had caught up before it was killed; no crash hit the middle of a stream");
        AssertExactlyOnce(expected, await SpanIdsAsync(uri));
        var offsets = await KafkaTableSink.ReadTableOffsetsAsync(uri, "crash", topic);
        Assert.Equal(30_000, offsets.Values.Sum(o => o + 1));
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
