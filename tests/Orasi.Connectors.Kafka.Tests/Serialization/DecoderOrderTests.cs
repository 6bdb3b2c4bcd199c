using Apache.Arrow;
using Orasi.Connectors.Kafka.Configuration;
using Orasi.Connectors.Kafka.Serialization;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;

namespace Orasi.Connectors.Kafka.Tests.Serialization;

/// <summary>Large polls are parsed in parallel ranges: the rows must still come out in record order, and bad records still fail clearly.</summary>
public sealed class DecoderOrderTests
{
    [Fact]
    public async Task Large_polls_decode_in_record_order()
    {
        RecordBatch batch = new TelemetryGenerator().Generate(TelemetryKind.Traces, 3000, 3000).Single();
        var encoder = new KafkaRecordEncoder(new KafkaOptions { BootstrapServers = ["localhost:9092"], Topic = "t" }, null);
        EncodedRecords records = await encoder.EncodeAsync(batch, "t", CancellationToken.None);
        var decoder = new KafkaRecordDecoder(TelemetrySchemas.Traces, null);

        RecordBatch? decoded = await decoder.DecodeAsync(records.Values, CancellationToken.None);

        Assert.NotNull(decoded);
        List<Span> expected = [.. SpanBatchReader.Read(batch)];
        List<Span> actual = [.. SpanBatchReader.Read(decoded)];
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].Equals(actual[i]), $"row {i} differs");
        }
    }

    [Fact]
    public async Task A_corrupt_record_in_a_large_poll_is_reported_as_corrupt_data()
    {
        RecordBatch batch = new TelemetryGenerator().Generate(TelemetryKind.Traces, 2000, 2000).Single();
        var encoder = new KafkaRecordEncoder(new KafkaOptions { BootstrapServers = ["localhost:9092"], Topic = "t" }, null);
        byte[][] values = (await encoder.EncodeAsync(batch, "t", CancellationToken.None)).Values;
        values[1500] = "{\"resourceSpans\":[{"u8.ToArray();
        var decoder = new KafkaRecordDecoder(TelemetrySchemas.Traces, null);

        var ex = await Assert.ThrowsAsync<CorruptDataException>(async () => await decoder.DecodeAsync(values, CancellationToken.None));
        Assert.Contains("OTLP-JSON", ex.Message, StringComparison.Ordinal);
    }
}
