using System.Globalization;
using System.Text.Json;
using Orasi.Connectors.DeltaLake.Connector;
using Orasi.Connectors.DeltaLake.Operations;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;
using Orasi.Testing;
using Orasi.Testing.DuckDb;
using static Orasi.Connectors.DeltaLake.Tests.Operations.DeltaTestTables;

namespace Orasi.Connectors.DeltaLake.Tests.Connector;

/// <summary>
/// DuckDB, an independent Parquet reader, reads every data file the log references: each file's row count and the
/// min/max/nullCount of every column with statistics must equal what the log's <c>stats</c> say.
/// </summary>
public sealed class DuckDbIndependentCheckTests : IDisposable
{
    private readonly TempDirectory _dir = new("delta-duck");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task TelemetryWrittenByTheConnectorMatchesItsStats()
    {
        var path = _dir.Combine("traces");
        await using (var sink = new DeltaLakeConnector(new DeltaLakeOptions { TablePath = path, BatchSize = 4_000 }))
        {
            await sink.ConnectAsync();
            foreach (var batch in new TelemetryGenerator(new TelemetryGeneratorOptions { Seed = 3 }).Generate(TelemetryKind.Traces, 10_000, 2_500))
            {
                using (batch)
                {
                    await sink.WriteBatchAsync(batch);
                }
            }
        }

        var checkedColumns = await CheckAsync(path, expectedRows: 10_000);
        Assert.Contains("timestamp", checkedColumns);
        Assert.Contains("duration_ns", checkedColumns);
        Assert.Contains("service_name", checkedColumns);
    }

    [Fact]
    public async Task LogsAndMetricsMatchTheirStats()
    {
        foreach (var kind in new[] { TelemetryKind.Logs, TelemetryKind.Metrics })
        {
            var path = _dir.Combine(kind.ToString());
            await DeltaTableWriter.WriteAsync(path, new TelemetryGenerator().Generate(kind, 3_000, 1_000).ToList(),
                new DeltaWriteOptions { PartitionBy = [TelemetrySchemas.PartitionColumn] });
            Assert.Contains("timestamp", await CheckAsync(path, expectedRows: 3_000));
        }
    }

    [Fact]
    public async Task NullsTimestampsAndSeveralCommitsMatchTheirStats()
    {
        var path = _dir.Combine("nulls");
        var options = new DeltaWriteOptions { PartitionBy = ["part"] };
        await DeltaTableWriter.WriteAsync(path, [Batch(0, 500, "a", null, "b")], options);
        await DeltaTableWriter.WriteAsync(path, [Batch(1_000, 300, "a")], options);
        var columns = await CheckAsync(path, expectedRows: 800);
        Assert.Equal(["id", "name", "score", "ts"], columns.Order(StringComparer.Ordinal));
    }

    /// <summary>Checks every file of the latest snapshot; returns the columns whose statistics were compared.</summary>
    private static async Task<HashSet<string>> CheckAsync(string tablePath, long expectedRows)
    {
        await using var table = await DeltaTable.OpenAsync(tablePath);
        var snapshot = await table.GetSnapshotAsync();
        using var duck = new DuckDbReader();
        var compared = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        foreach (var add in snapshot.Files)
        {
            var file = Path.Combine(tablePath, DeltaPaths.DecodeRelative(add.Path));
            Assert.True(File.Exists(file), $"the log references {add.Path}, which is missing");
            Assert.Equal(new FileInfo(file).Length, add.Size);
            using var stats = JsonDocument.Parse(add.Stats ?? throw new Xunit.Sdk.XunitException($"{add.Path} has no stats"));
            var root = stats.RootElement;
            var rows = duck.CountRows(file);
            Assert.Equal(root.GetProperty("numRecords").GetInt64(), rows);
            total += rows;

            var types = duck.DescribeParquet(file).ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
            foreach (var nulls in root.GetProperty("nullCount").EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number))
            {
                var column = Quote(nulls.Name);
                var actualNulls = Convert.ToInt64(duck.Query($"select count(*) - count({column}) from read_parquet({DuckDbReader.Literal(file)})")[0][0], CultureInfo.InvariantCulture);
                Assert.True(nulls.Value.GetInt64() == actualNulls, $"{add.Path}: nullCount of {nulls.Name} is {nulls.Value} in the log but DuckDB counts {actualNulls}");
            }

            if (!root.TryGetProperty("minValues", out var mins))
            {
                continue;
            }

            var maxes = root.GetProperty("maxValues");
            foreach (var min in mins.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Object))
            {
                var name = min.Name;
                var type = types[name];
                var column = Quote(name);
                var max = maxes.GetProperty(name);
                var source = $"read_parquet({DuckDbReader.Literal(file)})";
                if (type.StartsWith("TIMESTAMP", StringComparison.Ordinal))
                {
                    var row = duck.Query($"select epoch_us(min({column})), epoch_us(max({column})) from {source}")[0];
                    var (lo, hi) = (Convert.ToInt64(row[0], CultureInfo.InvariantCulture), Convert.ToInt64(row[1], CultureInfo.InvariantCulture));
                    Assert.Equal(FloorDiv(lo, 1000), Millis(min.Value));
                    Assert.Equal(-FloorDiv(-hi, 1000), Millis(max)); // the max is rounded up to the millisecond
                }
                else if (type is "VARCHAR")
                {
                    var row = duck.Query($"select min({column}), max({column}) from {source}")[0];
                    var (lo, hi) = ((string)row[0]!, (string)row[1]!);
                    var (statsMin, statsMax) = (min.Value.GetString()!, max.GetString()!);
                    Assert.True(lo.StartsWith(statsMin, StringComparison.Ordinal), $"{add.Path}: min of {name} is '{statsMin}', DuckDB '{lo}'");
                    Assert.True(string.CompareOrdinal(statsMax, hi) >= 0, $"{add.Path}: max of {name} is '{statsMax}', below DuckDB '{hi}'");
                    if (lo.Length <= 32)
                    {
                        Assert.Equal(lo, statsMin);
                    }

                    if (hi.Length <= 32)
                    {
                        Assert.Equal(hi, statsMax);
                    }
                }
                else if (type is "BIGINT" or "INTEGER" or "SMALLINT" or "TINYINT")
                {
                    var row = duck.Query($"select min({column}), max({column}) from {source}")[0];
                    Assert.Equal(Convert.ToInt64(row[0], CultureInfo.InvariantCulture), min.Value.GetInt64());
                    Assert.Equal(Convert.ToInt64(row[1], CultureInfo.InvariantCulture), max.GetInt64());
                }
                else if (type is "DOUBLE" or "FLOAT")
                {
                    var row = duck.Query($"select min({column}), max({column}) from {source}")[0];
                    Assert.Equal(Convert.ToDouble(row[0], CultureInfo.InvariantCulture), min.Value.GetDouble(), 6);
                    Assert.Equal(Convert.ToDouble(row[1], CultureInfo.InvariantCulture), max.GetDouble(), 6);
                }
                else
                {
                    continue;
                }

                compared.Add(name);
            }
        }

        Assert.Equal(expectedRows, total);
        return compared;
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static long Millis(JsonElement value) =>
        DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeMilliseconds();

    private static long FloorDiv(long a, long b) => (a / b) - (a % b != 0 && (a < 0) != (b < 0) ? 1 : 0);
}
