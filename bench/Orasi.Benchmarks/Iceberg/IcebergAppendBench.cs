using System.Diagnostics;
using System.Globalization;
using Apache.Arrow;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Connector;
using Orasi.Connectors.Iceberg.Operations;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;
using ParquetSharp;
using ParquetSharp.Arrow;

namespace Orasi.Benchmarks.Iceberg;

/// <summary>
/// Whole-process benchmark (<c>dotnet run -c Release --project bench/Orasi.Benchmarks -- iceberg [spans] [snapshots]</c>):
/// (1) appending N generated spans through the Iceberg connector (filesystem catalog, table partitioned by
/// <c>day(timestamp)</c>, one snapshot) vs ParquetSharp's raw Arrow <see cref="FileWriter"/> writing the same batches
/// to one file with the same codec (median of 3; ratio = baseline time / connector time, goal ≥ 0.9); (2) objects
/// written per append commit as a table grows to M snapshots (goal: constant, ≤ 5), counted by listing the table
/// directory before and after each commit.
/// </summary>
internal static class IcebergAppendBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var spans = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var snapshots = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000;
        var root = Path.Combine(Path.GetTempPath(), $"orasi-iceberg-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            if (spans > 0)
            {
                await AppendVersusRawAsync(root, spans);
            }

            if (snapshots > 0)
            {
                await ObjectsPerCommitAsync(root, snapshots);
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        return 0;
    }

    private static async Task AppendVersusRawAsync(string root, long spans)
    {
        var batches = new TelemetryGenerator(new TelemetryGeneratorOptions { Seed = 1 }).Generate(TelemetryKind.Traces, spans, 65_536).ToList();
        await ConnectorAsync(Path.Combine(root, "warm"), batches.Take(1));
        Raw(Path.Combine(root, "warm.parquet"), batches.Take(1).ToList());
        var connector = new List<double>();
        var raw = new List<double>();
        long files = 0, partitions = 0;
        for (var run = 0; run < 3; run++)
        {
            var sw = Stopwatch.StartNew();
            var result = await ConnectorAsync(Path.Combine(root, $"c{run}"), batches);
            connector.Add(sw.Elapsed.TotalMilliseconds);
            files = result.AddedFiles.Count;
            partitions = result.AddedFiles.Select(f => string.Join('/', f.Partition)).Distinct().Count();
            sw.Restart();
            Raw(Path.Combine(root, $"r{run}.parquet"), batches);
            raw.Add(sw.Elapsed.TotalMilliseconds);
        }

        var c = connector.Order().ElementAt(1);
        var r = raw.Order().ElementAt(1);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"iceberg append {spans:N0} spans (day(timestamp), {partitions} partitions, {files} files, zstd): connector {c:F0} ms, raw ParquetSharp FileWriter {r:F0} ms, throughput ratio {r / c:F2} (median of 3; goal >= 0.9)"));
        batches.ForEach(b => b.Dispose());
    }

    private static async Task<IcebergCommitResult> ConnectorAsync(string warehouse, IEnumerable<RecordBatch> batches)
    {
        var options = new IcebergOptions { Warehouse = warehouse, Namespace = "otel", Table = "traces", BatchSize = int.MaxValue, EnableTracing = false, EnableMetrics = false };
        await using var connector = new IcebergConnector(options);
        foreach (var batch in batches)
        {
            await connector.WriteBatchAsync(batch);
        }

        await connector.FlushAsync();
        return connector.LastCommit!;
    }

    private static void Raw(string path, IReadOnlyList<RecordBatch> batches) => RawParquet.Write(path, batches, Compression.Zstd);

    private static async Task ObjectsPerCommitAsync(string root, int snapshots)
    {
        var warehouse = Path.Combine(root, "grow");
        await using var catalog = new FileSystemCatalog(warehouse);
        await catalog.CreateNamespaceAsync("db");
        var id = new TableIdentifier("db", "events");
        var schema = new IcebergSchema(0, [new NestedField(1, "id", true, PrimitiveType.Long), new NestedField(2, "ts", true, PrimitiveType.TimestampTz)]);
        await (await catalog.CreateTableAsync(id, schema, new PartitionSpec(0, [new PartitionField(2, 1000, "ts_day", Transform.Parse("day"))]))).DisposeAsync();
        var tableDir = Path.Combine(warehouse, "db", "events");
        var arrow = schema.ToArrowSchema();
        var written = new List<int>();
        var elapsed = new List<double>();
        var checkpoints = new SortedSet<int> { 1, 10, 100, 250, 500, 750, snapshots };
        var before = Count(tableDir);
        for (var i = 1; i <= snapshots; i++)
        {
            var ids = new Int64Array.Builder();
            var ts = new TimestampArray.Builder(new Apache.Arrow.Types.TimestampType(Apache.Arrow.Types.TimeUnit.Microsecond, "UTC"));
            for (var k = 0; k < 10; k++)
            {
                ids.Append(i * 10L + k);
                ts.Append(DateTimeOffset.UnixEpoch.AddDays(19_000 + (i % 3)).AddSeconds(k));
            }

            using var batch = new RecordBatch(arrow, [ids.Build(), ts.Build()], 10);
            var sw = Stopwatch.StartNew();
            await catalog.AppendAsync(id, [batch]);
            elapsed.Add(sw.Elapsed.TotalMilliseconds);
            var after = Count(tableDir);
            written.Add(after - before);
            before = after;
            if (checkpoints.Contains(i))
            {
                var window = written.TakeLast(Math.Min(50, written.Count)).ToList();
                var times = elapsed.TakeLast(Math.Min(50, elapsed.Count)).ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"iceberg objects per append at snapshot {i,5}: this commit {written[^1]}, last {window.Count} commits min {window.Min()} / mean {window.Average():F2} / max {window.Max()}; commit latency mean {times.Average():F1} ms"));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"iceberg objects per append over {snapshots} snapshots: min {written.Min()}, mean {written.Average():F2}, max {written.Max()} (goal: constant, <= 5; counts net new files = data file + manifest + manifest list + metadata.json, a merge commit writes one more manifest and deletes the unused one)"));
    }

    private static int Count(string dir) => Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Count() : 0;
}
