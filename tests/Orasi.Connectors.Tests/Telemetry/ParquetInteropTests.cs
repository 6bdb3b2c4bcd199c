using DuckDB.NET.Data;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;
using ParquetSharp.Arrow;

namespace Orasi.Connectors.Tests.Telemetry;

/// <summary>
/// Generated batches are handed to ParquetSharp through the Arrow C data interface (managed buffers, no copies) and
/// read back by DuckDB, an independent reader: this checks that the hand-built Arrow layouts are valid.
/// </summary>
public sealed class ParquetInteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("orasi-telemetry-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(TelemetryKind.Traces)]
    [InlineData(TelemetryKind.Metrics)]
    [InlineData(TelemetryKind.Logs)]
    public void Generated_batches_write_to_parquet_and_duckdb_reads_them(TelemetryKind kind)
    {
        string path = Path.Combine(_dir, $"{kind}.parquet");
        var batches = new TelemetryGenerator(new TelemetryGeneratorOptions { Seed = 13 }).Generate(kind, 5_000, 2_000).ToList();
        using (var writer = new FileWriter(path, TelemetrySchemas.For(kind)))
        {
            foreach (var batch in batches)
            {
                writer.WriteRecordBatch(batch);
            }

            writer.Close();
        }

        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using (var utc = connection.CreateCommand())
        {
            utc.CommandText = "SET TimeZone = 'UTC'";
            utc.ExecuteNonQuery();
        }

        using var command = connection.CreateCommand();
        command.CommandText = kind switch
        {
            TelemetryKind.Traces => $"""
                SELECT count(*), count(parent_span_id), sum(len(events))::BIGINT, min(octet_length(trace_id)), count(DISTINCT service_name),
                       sum(CASE WHEN resource_attributes['service.name'] = service_name THEN 1 ELSE 0 END)::BIGINT,
                       sum(CASE WHEN event_date = CAST(timestamp AS DATE) THEN 1 ELSE 0 END)::BIGINT
                FROM read_parquet('{path}')
                """,
            TelemetryKind.Logs => $"""
                SELECT count(*), count(trace_id), sum(CASE WHEN severity_text = 'INFO' AND severity_number = 9 THEN 1 ELSE 0 END)::BIGINT, min(octet_length(span_id)), count(DISTINCT service_name),
                       sum(CASE WHEN resource_attributes['service.name'] = service_name THEN 1 ELSE 0 END)::BIGINT,
                       sum(CASE WHEN event_date = CAST(timestamp AS DATE) THEN 1 ELSE 0 END)::BIGINT
                FROM read_parquet('{path}')
                """,
            _ => $"""
                SELECT count(*), count(bucket_counts), sum(CASE WHEN list_sum(bucket_counts) = count THEN 1 ELSE 0 END)::BIGINT, 0, count(DISTINCT service_name),
                       sum(CASE WHEN resource_attributes['service.name'] = service_name THEN 1 ELSE 0 END)::BIGINT,
                       sum(CASE WHEN event_date = CAST(timestamp AS DATE) THEN 1 ELSE 0 END)::BIGINT
                FROM read_parquet('{path}')
                """,
        };
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        long rows = Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(5_000, rows);
        Assert.Equal(5_000, Convert.ToInt64(reader.GetValue(5), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(5_000, Convert.ToInt64(reader.GetValue(6), System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(Convert.ToInt64(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture) >= 10);

        long second = Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
        long third = Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture);
        switch (kind)
        {
            case TelemetryKind.Traces:
                Assert.InRange(second, 1, 4_999);
                Assert.True(third > 0);
                Assert.Equal(16, Convert.ToInt64(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture));
                break;
            case TelemetryKind.Logs:
                Assert.InRange(second, 1, 4_999);
                Assert.True(third > 3_000);
                Assert.Equal(8, Convert.ToInt64(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                Assert.True(second > 0);
                Assert.Equal(second, third);
                break;
        }
    }
}
