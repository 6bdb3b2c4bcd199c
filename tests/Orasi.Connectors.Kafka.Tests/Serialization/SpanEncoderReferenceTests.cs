using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Apache.Arrow;
using Orasi.Connectors.Kafka.Configuration;
using Orasi.Connectors.Kafka.Serialization;
using Orasi.Connectors.Telemetry;

namespace Orasi.Connectors.Kafka.Tests.Serialization;

/// <summary>
/// The hand-written UTF-8 span encoder against straightforward references: <see cref="Utf8JsonWriter"/> for string
/// escaping, and the object-model <see cref="OtlpJsonWriter.Spans"/> for whole records on random spans (escapes,
/// control characters, non-ASCII and astral text, empty strings and attributes, root spans, events and links).
/// </summary>
public sealed class SpanEncoderReferenceTests
{
    [Fact]
    public void String_escaping_matches_Utf8JsonWriter_for_every_code_point()
    {
        var buffer = new JsonUtf8Buffer(16);
        var reference = new ArrayBufferWriter<byte>();
        var mismatches = new List<string>();
        foreach (int codePoint in Enumerable.Range(0, 0x110000).Where(c => c is < 0xD800 or > 0xDFFF).Where(c => c < 0x3000 || c % 97 == 0 || c >= 0xFFF0 && c <= 0xFFFF))
        {
            string text = "a" + char.ConvertFromUtf32(codePoint) + "z";
            byte[] utf8 = Encoding.UTF8.GetBytes(text);
            buffer.Reset();
            buffer.String(utf8);
            reference.ResetWrittenCount();
            using (var w = new Utf8JsonWriter(reference))
            {
                w.WriteStringValue(utf8);
            }

            if (!buffer.Written.SequenceEqual(reference.WrittenSpan) && mismatches.Count < 10)
            {
                mismatches.Add($"U+{codePoint:X4}: {Encoding.UTF8.GetString(buffer.Written)} vs {Encoding.UTF8.GetString(reference.WrittenSpan)}");
            }
        }

        Assert.Empty(mismatches);
    }

    [Fact]
    public void Buffer_grows_across_many_large_values()
    {
        var buffer = new JsonUtf8Buffer(16);
        string big = new('x', 100_000);
        buffer.String(Encoding.UTF8.GetBytes(big));
        buffer.QuotedNumber(ulong.MaxValue);
        buffer.Number(long.MinValue);
        buffer.QuotedHex([], 8);
        buffer.QuotedHex([0xAB, 0x01], 2);
        Assert.Equal("\"" + big + "\"\"18446744073709551615\"-9223372036854775808\"0000000000000000\"\"ab01\"", Encoding.UTF8.GetString(buffer.Written));
    }

    [Theory]
    [InlineData(1, 300)]
    [InlineData(2, 2500)]
    [InlineData(3, 1)]
    public async Task Column_encoder_matches_the_object_model_reference_on_random_spans(int seed, int count)
    {
        RecordBatch batch = RandomSpans(seed, count);
        List<Span> spans = [.. SpanBatchReader.Read(batch)];
        Assert.NotNull(OtlpSpanColumnWriter.TryCreate(batch));

        EncodedRecords perRow = await Encoder(KafkaRecordGranularity.PerRow).EncodeAsync(batch, "t", CancellationToken.None);
        Assert.Equal(count, perRow.Count);
        for (int i = 0; i < count; i++)
        {
            byte[] expected = OtlpJsonWriter.Spans(spans, i, 1);
            Assert.True(expected.AsSpan().SequenceEqual(perRow.Values[i]), $"row {i}:\n{Encoding.UTF8.GetString(perRow.Values[i])}\nexpected\n{Encoding.UTF8.GetString(expected)}");
            Assert.Equal(spans[i].TraceId.ToHexString(), Encoding.ASCII.GetString(perRow.Keys[i]!));
            Assert.Equal(spans[i].StartTimeUnixNano / 1_000_000, perRow.TimestampsMs[i]);
        }

        EncodedRecords perBatch = await Encoder(KafkaRecordGranularity.PerBatch).EncodeAsync(batch, "t", CancellationToken.None);
        Assert.Equal(OtlpJsonWriter.Spans(spans, 0, count), perBatch.Values.Single());
        Assert.Equal(count, perBatch.RowCounts.Single());

        // Row ranges encoded on their own (as the producer's pipeline does) give the same records as the whole batch.
        PreparedBatch prepared = await Encoder(KafkaRecordGranularity.PerRow).PrepareAsync(batch, "t", CancellationToken.None);
        int at = 0;
        foreach (int size in new[] { 1, 7, 2048, int.MaxValue })
        {
            int n = Math.Min(size, count - at);
            if (n <= 0)
            {
                break;
            }

            EncodedRecords range = prepared.Encode(at, n);
            for (int j = 0; j < n; j++)
            {
                Assert.Equal(perRow.Values[at + j], range.Values[j]);
                Assert.Equal(perRow.Keys[at + j], range.Keys[j]);
            }

            at += n;
        }
    }

    [Fact]
    public async Task Empty_batches_encode_like_the_reference()
    {
        RecordBatch empty = new SpanBatchBuilder().Build();
        Assert.Equal(0, (await Encoder(KafkaRecordGranularity.PerRow).EncodeAsync(empty, "t", CancellationToken.None)).Count);
        EncodedRecords one = await Encoder(KafkaRecordGranularity.PerBatch).EncodeAsync(empty, "t", CancellationToken.None);
        Assert.Equal("{\"resourceSpans\":[]}", Encoding.UTF8.GetString(one.Values.Single()));
        Assert.Equal(-1, one.TimestampsMs.Single());
    }

    private static KafkaRecordEncoder Encoder(KafkaRecordGranularity granularity) => new(
        new KafkaOptions { BootstrapServers = ["localhost:9092"], Topic = "t", RecordGranularity = granularity }, null);

    private static RecordBatch RandomSpans(int seed, int count)
    {
        var random = new Random(seed);
        string[] pieces = ["", "a", "GET /x", "\"", "\\", "\n", "\t", "\u0001", "\u001f", "\u007f", "<", ">", "&", "'", "+", "`", "é", "日本", "\u2028", "\ud83d\ude00", "\uFFFD", " ", "service.name", "0"];
        string Text(int max)
        {
            var sb = new StringBuilder();
            int n = random.Next(max + 1);
            for (int i = 0; i < n; i++)
            {
                sb.Append(pieces[random.Next(pieces.Length)]);
            }

            return sb.ToString();
        }

        KeyValuePair<string, string>[] Map(int max) =>
            [.. Enumerable.Range(0, random.Next(max + 1)).Select(k => KeyValuePair.Create(Text(3) + k, Text(4)))];

        ActivityTraceId Trace() => ActivityTraceId.CreateRandom();
        ActivitySpanId SpanId() => ActivitySpanId.CreateRandom();

        var services = new[] { "svc-a", "svc-\u00fc \"x\"", "" };
        var resources = new[] { Map(3), [], [KeyValuePair.Create("service.name", "override"), KeyValuePair.Create("host", "h\u00e9")] };
        var builder = new SpanBatchBuilder();
        for (int i = 0; i < count; i++)
        {
            long start = 1_700_000_000_000_000_000 + random.NextInt64(1_000_000_000_000);
            builder.Append(new Span
            {
                TraceId = Trace(),
                SpanId = SpanId(),
                ParentSpanId = random.Next(3) == 0 ? null : SpanId(),
                TraceState = random.Next(4) == 0 ? "k=" + Text(2) : string.Empty,
                Name = Text(6),
                Kind = (SpanKind)random.Next(6),
                ServiceName = services[random.Next(services.Length)],
                ResourceAttributes = resources[random.Next(resources.Length)],
                ScopeName = random.Next(2) == 0 ? "scope" : Text(2),
                ScopeVersion = random.Next(2) == 0 ? "1.0" : string.Empty,
                Attributes = random.Next(3) == 0 ? [] : Map(6),
                StartTimeUnixNano = start,
                EndTimeUnixNano = start + random.Next(1_000_000_000),
                StatusCode = (SpanStatusCode)random.Next(3),
                StatusMessage = random.Next(3) == 0 ? Text(3) : string.Empty,
                Events = [.. Enumerable.Range(0, random.Next(4) == 0 ? random.Next(1, 4) : 0)
                    .Select(_ => new SpanEvent { Name = Text(3), TimeUnixNano = start + random.Next(1000), Attributes = random.Next(2) == 0 ? [] : Map(3) })],
                Links = [.. Enumerable.Range(0, random.Next(5) == 0 ? random.Next(1, 3) : 0)
                    .Select(_ => new SpanLink { TraceId = Trace(), SpanId = SpanId(), TraceState = random.Next(2) == 0 ? string.Empty : "a=" + Text(2), Attributes = random.Next(2) == 0 ? [] : Map(2) })],
            });
        }

        return builder.Build();
    }
}
