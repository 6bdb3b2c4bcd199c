using System.Diagnostics;
using System.Text;
using Apache.Arrow;
using Orasi.Connectors.Kafka.Configuration;
using Orasi.Connectors.Kafka.Serialization;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;

namespace Orasi.Connectors.Kafka.Tests.Serialization;

/// <summary>The direct OTLP-JSON → Arrow log decoder must produce exactly what the model-object path produces.</summary>
public sealed class LogColumnDecoderTests
{
    private static async Task<(RecordBatch Direct, RecordBatch Reference)> DecodeBothAsync(IReadOnlyList<byte[]> values)
    {
        RecordBatch? a = await new KafkaRecordDecoder(TelemetrySchemas.Logs, null).DecodeAsync(values, CancellationToken.None);
        RecordBatch? b = await new KafkaRecordDecoder(TelemetrySchemas.Logs, null) { UseObjectPath = true }.DecodeAsync(values, CancellationToken.None);
        Assert.NotNull(a);
        Assert.NotNull(b);
        return (a, b);
    }

    private static void AssertSameRows(RecordBatch expected, RecordBatch actual)
    {
        Assert.Equal(expected.Schema.FieldsList.Select(f => (f.Name, f.DataType.TypeId, f.IsNullable)), actual.Schema.FieldsList.Select(f => (f.Name, f.DataType.TypeId, f.IsNullable)));
        List<LogRecord> e = [.. LogBatchReader.Read(expected)];
        List<LogRecord> a = [.. LogBatchReader.Read(actual)];
        Assert.Equal(e.Count, a.Count);
        for (int i = 0; i < e.Count; i++)
        {
            Assert.True(e[i].Equals(a[i]), $"row {i} differs: {e[i]} vs {a[i]}");
        }

        for (int c = 0; c < expected.ColumnCount; c++)
        {
            Assert.Equal(expected.Column(c).NullCount, actual.Column(c).NullCount);
        }

        Assert.Equal(((Date32Array)expected.Column(TelemetryColumnNames.EventDate)).Values.ToArray(), ((Date32Array)actual.Column(TelemetryColumnNames.EventDate)).Values.ToArray());
    }

    [Theory]
    [InlineData(KafkaRecordGranularity.PerRow, 5000)]
    [InlineData(KafkaRecordGranularity.PerBatch, 700)]
    public async Task Generated_logs_decode_like_the_object_path(KafkaRecordGranularity granularity, int rows)
    {
        RecordBatch batch = new TelemetryGenerator(new TelemetryGeneratorOptions { Seed = 11 }).Generate(TelemetryKind.Logs, rows, rows).Single();
        var options = new KafkaOptions { BootstrapServers = ["localhost:9092"], Topic = "t", RecordGranularity = granularity };
        var values = new List<byte[]>();
        for (int s = 0; s < rows; s += 100)
        {
            values.AddRange((await new KafkaRecordEncoder(options, null).EncodeAsync(batch.Slice(s, Math.Min(100, rows - s)), "t", CancellationToken.None)).Values);
        }

        var (direct, reference) = await DecodeBothAsync(values);
        AssertSameRows(reference, direct);
        AssertSameRows(batch, direct);
    }

    [Fact]
    public async Task Edge_cases_decode_like_the_object_path()
    {
        var logs = new List<LogRecord>();
        for (int i = 0; i < 40; i++)
        {
            logs.Add(new LogRecord
            {
                TimeUnixNano = 1_700_000_000_000_000_000L + i,
                ObservedTimeUnixNano = i % 3 == 0 ? 0 : 1_700_000_000_000_000_001L + i,
                TraceId = i % 2 == 0 ? ActivityTraceId.CreateRandom() : null,
                SpanId = i % 3 == 0 ? ActivitySpanId.CreateRandom() : null,
                TraceFlags = i % 2,
                SeverityText = i % 5 == 0 ? string.Empty : "WARN",
                SeverityNumber = (SeverityNumber)(i % 25),
                ServiceName = i % 7 == 0 ? string.Empty : "svc-ü",
                Body = i % 4 == 0 ? string.Empty : "line \"1\"\n\t\\ 😀 \u0001",
                ResourceAttributes = i % 3 == 0 ? [] : [new("host.name", "h" + (i % 2)), new("ключ", "值")],
                ScopeName = "s",
                ScopeVersion = i % 2 == 0 ? string.Empty : "2",
                Attributes = i % 5 == 0 ? [] : [new("a", "b\u2028"), new("emoji😀", string.Empty)],
            });
        }

        var values = new List<byte[]>();
        for (int i = 0; i < logs.Count; i++)
        {
            values.Add(OtlpJsonWriter.Logs(logs, i, 1));
        }

        values.Add(OtlpJsonWriter.Logs(logs, 0, logs.Count));
        values.Add(Encoding.UTF8.GetBytes("""
            {"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"kvlistValue":{"values":[{"key":"k","value":{"intValue":"1"}}]}},"severityNumber":9,"flags":1,
              "timeUnixNano":5,"observedTimeUnixNano":"6","spanId":"","traceId":"0102030405060708090a0b0c0d0e0f10","attributes":[{"key":"n","value":{"doubleValue":2.5}}],"x":[]},
              {"body":{"intValue":"7"}},{"body":{"boolValue":false},"severityText":"E\u0052ROR"}],"scope":{"name":"late"}}],
              "resource":{"attributes":[{"key":"service.name","value":{"stringValue":"after"}}]}}]}
            """));
        var (direct, reference) = await DecodeBothAsync(values);
        AssertSameRows(reference, direct);
        Assert.Equal((logs.Count * 2) + 3, direct.Length);
        LogRecord last = LogBatchReader.Read(direct).Last();
        Assert.Equal(("after", "false", "ERROR", "late"), (last.ServiceName, last.Body, last.SeverityText, last.ScopeName));
    }

    [Fact]
    public async Task A_corrupt_log_record_names_its_position()
    {
        RecordBatch batch = new TelemetryGenerator().Generate(TelemetryKind.Logs, 2500, 2500).Single();
        byte[][] values = (await new KafkaRecordEncoder(new KafkaOptions { BootstrapServers = ["localhost:9092"], Topic = "t" }, null).EncodeAsync(batch, "t", CancellationToken.None)).Values;
        values[1800] = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":null}]}]}]}"u8.ToArray();

        var ex = await Assert.ThrowsAsync<CorruptDataException>(async () =>
            await new KafkaRecordDecoder(TelemetrySchemas.Logs, null).DecodeAsync(values, CancellationToken.None, i => $"offset {i} of t"));
        Assert.Contains("offset 1800 of t", ex.Message, StringComparison.Ordinal);
        Assert.Contains("OTLP-JSON", ex.Message, StringComparison.Ordinal);
    }
}
