using Apache.Arrow;
using Apache.Arrow.Arrays;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;

namespace Orasi.Connectors.S3Parquet.Tests.Support;

/// <summary>Generated span batches and a row fingerprint to compare what was written with what is read.</summary>
internal static class SpanRows
{
    /// <summary>Spans spread over several hours (one every two seconds).</summary>
    public static List<RecordBatch> Generate(int records, int batchSize = 1000, long seed = 7) =>
        new TelemetryGenerator(new TelemetryGeneratorOptions { Seed = seed, RecordsPerSecond = 0.5, ServiceCount = 4 })
            .Generate(TelemetryKind.Traces, records, batchSize).ToList();

    /// <summary>One string per row: span id, trace id, service, timestamp and duration; sorted.</summary>
    public static List<string> Fingerprints(IEnumerable<RecordBatch> batches)
    {
        var rows = new List<string>();
        foreach (var batch in batches)
        {
            var spanIds = (FixedSizeBinaryArray)batch.Column(TelemetryColumnNames.SpanId);
            var traceIds = (FixedSizeBinaryArray)batch.Column(TelemetryColumnNames.TraceId);
            var services = (StringArray)batch.Column(TelemetryColumnNames.ServiceName);
            var timestamps = (TimestampArray)batch.Column(TelemetryColumnNames.Timestamp);
            var durations = (Int64Array)batch.Column(TelemetryColumnNames.DurationNs);
            for (var i = 0; i < batch.Length; i++)
            {
                rows.Add(string.Join('|',
                    Convert.ToHexString(spanIds.GetBytes(i)),
                    Convert.ToHexString(traceIds.GetBytes(i)),
                    services.GetString(i),
                    timestamps.GetTimestamp(i)?.UtcTicks,
                    durations.GetValue(i)));
            }
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    public static async Task<List<RecordBatch>> ToListAsync(IAsyncEnumerable<RecordBatch> batches)
    {
        var list = new List<RecordBatch>();
        await foreach (var batch in batches)
        {
            list.Add(batch);
        }

        return list;
    }
}
