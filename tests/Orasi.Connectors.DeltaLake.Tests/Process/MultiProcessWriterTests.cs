using System.Globalization;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.DeltaLake.Operations;
using Orasi.Connectors.Parquet;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;
using Orasi.Testing;

namespace Orasi.Connectors.DeltaLake.Tests.Process;

/// <summary>
/// Failure tests across processes: concurrent appenders in separate processes on local files and on S3 (moto), and a
/// writer killed at random points. The table must stay readable and every committed row must be there exactly once.
/// </summary>
public sealed class MultiProcessWriterTests : IDisposable
{
    private static readonly Schema TaggedSchema = new Schema.Builder()
        .Field(new Field("process", Int32Type.Default, false))
        .Field(new Field("i", Int32Type.Default, false))
        .Field(new Field("row", Int32Type.Default, false))
        .Build();

    private readonly TempDirectory _dir = new("delta-proc");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task FourProcessesAppendFiftyTimesEachWithEveryRowExactlyOnce()
    {
        var table = _dir.Combine("shared");
        await AppendersAsync(table, processes: 4, appends: 50, storage: null, storageArgs: []);
    }

    /// <summary>Runs the writers and checks commits and rows; shared with the S3 variant.</summary>
    internal static async Task AppendersAsync(string table, int processes, int appends, IReadOnlyDictionary<string, string>? storage, string[] storageArgs)
    {
        const int Rows = 3;
        await DeltaTableWriter.CreateAsync(table, TaggedSchema, storageOptions: storage);
        var children = Enumerable.Range(0, processes)
            .Select(p => ChildProcesses.Start(ChildProcesses.TestWriterDll, [table, p.ToString(CultureInfo.InvariantCulture), appends.ToString(CultureInfo.InvariantCulture), Rows.ToString(CultureInfo.InvariantCulture), .. storageArgs]))
            .ToList();
        try
        {
            foreach (var child in children)
            {
                var exit = await child.WaitAsync(TimeSpan.FromSeconds(120));
                Assert.True(exit == 0, $"writer exited with {exit}: {child.Output}");
            }
        }
        finally
        {
            children.ForEach(c => c.Dispose());
        }

        await using var delta = await DeltaTable.OpenAsync(table, storage);
        var snapshot = await delta.GetSnapshotAsync();
        Assert.Equal(processes * appends, snapshot.Version); // version 0 is the create, then one commit per append
        var history = await delta.HistoryAsync();
        Assert.Equal(processes * appends + 1, history.Count);
        Assert.Equal(processes * appends, history.Count(h => h.Operation == "WRITE"));

        var seen = new Dictionary<(int Process, int I, int Row), int>();
        await foreach (var batch in snapshot.ScanAsync())
        {
            var (p, i, r) = ((Int32Array)batch.Column("process"), (Int32Array)batch.Column("i"), (Int32Array)batch.Column("row"));
            for (var k = 0; k < batch.Length; k++)
            {
                var key = (p.GetValue(k)!.Value, i.GetValue(k)!.Value, r.GetValue(k)!.Value);
                seen[key] = seen.GetValueOrDefault(key) + 1;
            }
        }

        Assert.Equal(processes * appends * Rows, seen.Count);
        Assert.All(seen, kv => Assert.True(kv.Value == 1, $"row {kv.Key} appears {kv.Value} times"));
        var expected = from p in Enumerable.Range(0, processes) from i in Enumerable.Range(0, appends) from r in Enumerable.Range(0, Rows) select (p, i, r);
        Assert.Empty(expected.Except(seen.Keys));
    }

    [Fact]
    public async Task AWriterKilledAtRandomPointsNeverLeavesTheTableUnreadable()
    {
        var input = _dir.Combine("input.parquet");
        const int InputRows = 200_000;
        await using (var writer = ParquetBatchWriter.Create(input, TelemetrySchemas.Logs, new ParquetWriteOptions()))
        {
            foreach (var batch in new TelemetryGenerator(new TelemetryGeneratorOptions { Seed = 5 }).Generate(TelemetryKind.Logs, InputRows, 20_000))
            {
                using (batch)
                {
                    await writer.WriteBatchAsync(batch);
                }
            }

            await writer.CompleteAsync();
        }

        var table = _dir.Combine("killed");
        // A committed first version, so every kill lands on an existing table; small checkpoint interval so kills also hit checkpoints.
        var seed = await DeltaTableWriter.WriteAsync(table, new TelemetryGenerator(new TelemetryGeneratorOptions { Seed = 6 }).Generate(TelemetryKind.Logs, 100, 100).ToList(),
            new DeltaWriteOptions { PartitionBy = ["event_date"], Configuration = new Dictionary<string, string> { ["delta.checkpointInterval"] = "2" } });
        Assert.Equal(0, seed.Version);

        var random = new Random(12345);
        var kills = 0;
        var completed = 0;
        for (var attempt = 0; attempt < 7; attempt++)
        {
            using var child = ChildProcesses.Start(ChildProcesses.OrasiDll, "write", table, "--input", input, "--compression", "zstd");
            var delay = TimeSpan.FromMilliseconds(random.Next(300, 3_000));
            var exited = child.Process.WaitForExit(delay);
            if (!exited)
            {
                child.Process.Kill(entireProcessTree: true);
                await child.Process.WaitForExitAsync();
                kills++;
            }
            else
            {
                Assert.True(child.Process.ExitCode == 0, child.Output.ToString());
                completed++;
            }

            await AssertConsistentAsync(table);
        }

        Assert.True(kills >= 2, $"only {kills} of 7 writers were killed; the random delays should interrupt most of them");
        _ = completed;
    }

    /// <summary>The table opens and scans, and its rows are exactly the sum of the committed writes' numOutputRows.</summary>
    private static async Task AssertConsistentAsync(string table)
    {
        await using var delta = await DeltaTable.OpenAsync(table);
        var snapshot = await delta.GetSnapshotAsync();
        long scanned = 0;
        await foreach (var batch in snapshot.ScanAsync(new Orasi.Connectors.DeltaLake.Scan.DeltaScanOptions { Columns = ["timestamp"] }))
        {
            scanned += batch.Length;
        }

        var history = await delta.HistoryAsync();
        Assert.Equal(snapshot.Version + 1, history.Count);
        long committed = 0;
        foreach (var entry in history.Where(h => h.Operation == "WRITE"))
        {
            Assert.True(entry.CommitInfo!.AdditionalFields.TryGetValue("operationMetrics", out var metrics), $"version {entry.Version} has no operationMetrics");
            var rows = metrics.GetProperty("numOutputRows");
            committed += rows.ValueKind == JsonValueKind.String ? long.Parse(rows.GetString()!, CultureInfo.InvariantCulture) : rows.GetInt64();
        }

        Assert.Equal(committed, scanned);
    }
}

[Collection(MotoServerFixture.CollectionName)]
public sealed class MultiProcessS3WriterTests(MotoServerFixture moto)
{
    [Fact]
    public async Task ThreeProcessesAppendTenTimesEachOnS3()
    {
        var table = $"s3://{await moto.CreateBucketAsync("delta-proc")}/shared";
        var storage = moto.StorageOptions();
        await MultiProcessWriterTests.AppendersAsync(table, processes: 3, appends: 10, storage, storage.Select(kv => $"{kv.Key}={kv.Value}").ToArray());
    }
}
