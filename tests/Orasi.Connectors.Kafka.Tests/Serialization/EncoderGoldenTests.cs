using System.Diagnostics;
using System.Security.Cryptography;
using Apache.Arrow;
using Orasi.Connectors.Kafka.Configuration;
using Orasi.Connectors.Kafka.Serialization;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;

namespace Orasi.Connectors.Kafka.Tests.Serialization;

/// <summary>
/// The bytes on the wire must not change when the encoder is optimised: keys, values and timestamps of fixed batches
/// are hashed and compared with hashes taken from the original (object-model) encoder.
/// </summary>
public sealed class EncoderGoldenTests
{
    public static TheoryData<string, string, string, string> Cases => new()
    {
        { "traces", "PerRow", "TraceId", "3ed6ea11f7f244847c8ca665d96f5434cc665736a29b7c9610b36ff11c479a60" },
        { "traces", "PerBatch", "TraceId", "8e44eec4bf9f3622a43e2ea2c2bcb5527152d218c0cf0f1e5bc63a613d493228" },
        { "traces", "PerRow", "ServiceName", "9900a7a4a2e2059e721f401f3a355fe124f4387422f5e5f24c5311d93ea81299" },
        { "logs", "PerRow", "TraceId", "7a2b05663607faa611e2006ee3892bb114c516c88489d1d6c841b204f90162e0" },
        { "logs", "PerBatch", "None", "cf175018ddee46510a5b01539aa264a7b0ce55f708abf1046b5daea4b7514ed8" },
        { "metrics", "PerRow", "TraceId", "e596f8f4b9c68d8f709c3df0d1211c7fd249a404975a22ca847d1a098f2e5a36" },
        { "metrics", "PerBatch", "ServiceName", "07a13a24ae45f3ae39901b4cc5226e81acfa18dc2dc94677ea5fffcc4fa2cee4" },
        { "special", "PerRow", "TraceId", "a3c5faa17c193be0b1e521807c08280557d4b4720bf24c90da3532aee819c328" },
        { "special", "PerBatch", "TraceId", "d335588a688f2ed2ad0865cca6c404e0bbba6f64e029db1a77a17c56c73c8d55" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Encoded_bytes_are_unchanged(string data, string granularity, string key, string expected)
    {
        var options = new KafkaOptions
        {
            BootstrapServers = ["localhost:9092"],
            Topic = "golden",
            RecordGranularity = Enum.Parse<KafkaRecordGranularity>(granularity),
            KeyStrategy = Enum.Parse<KafkaKeyStrategy>(key),
        };
        var encoder = new KafkaRecordEncoder(options, null);
        EncodedRecords records = await encoder.EncodeAsync(Batch(data), "golden", CancellationToken.None);
        Assert.Equal(expected, Hash(records));
    }

    [Fact]
    public void Traces_batches_take_the_column_path()
    {
        Assert.NotNull(OtlpSpanColumnWriter.TryCreate(Batch("traces")));
        Assert.NotNull(OtlpSpanColumnWriter.TryCreate(Batch("special")));
        Assert.Null(OtlpSpanColumnWriter.TryCreate(Batch("logs")));
    }

    internal static RecordBatch Batch(string data) => data switch
    {
        "traces" => new TelemetryGenerator().Generate(TelemetryKind.Traces, 3000, 3000).Single(),
        "logs" => new TelemetryGenerator().Generate(TelemetryKind.Logs, 2000, 2000).Single(),
        "metrics" => new TelemetryGenerator().Generate(TelemetryKind.Metrics, 2000, 2000).Single(),
        _ => Special(),
    };

    internal static string Hash(EncodedRecords records)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (int i = 0; i < records.Count; i++)
        {
            byte[]? key = records.Keys[i];
            hash.AppendData(BitConverter.GetBytes(key?.Length ?? -1));
            hash.AppendData(key ?? []);
            hash.AppendData(BitConverter.GetBytes(records.Values[i].Length));
            hash.AppendData(records.Values[i]);
            hash.AppendData(BitConverter.GetBytes(records.TimestampsMs[i]));
            hash.AppendData(BitConverter.GetBytes(records.RowCounts[i]));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Spans exercising escaping, non-ASCII text, trace state, parents, events, links and empty strings.</summary>
    private static RecordBatch Special()
    {
        var builder = new SpanBatchBuilder();
        var resource = new[] { KeyValuePair.Create("host.name", "h\u00e9te \"1\""), KeyValuePair.Create("deployment", "<prod>&") };
        for (int i = 0; i < 40; i++)
        {
            builder.Append(new Span
            {
                TraceId = ActivityTraceId.CreateFromString($"{i % 7:x2}0af7651916cd43dd8448eb211c80319c".AsSpan(0, 32)),
                SpanId = ActivitySpanId.CreateFromString($"{i:x2}b7ad6b7169203331".AsSpan(0, 16)),
                ParentSpanId = i % 3 == 0 ? null : ActivitySpanId.CreateFromString("00f067aa0ba902b7"),
                TraceState = i % 4 == 0 ? "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE" : string.Empty,
                Name = i % 5 == 0 ? "GET /caf\u00e9/\u65e5\u672c \\ \"q\"\n\t\u0001 \ud83d\ude00" : "op-" + i,
                Kind = (SpanKind)(i % 6),
                ServiceName = i < 20 ? "svc-a" : "svc-\u00fc",
                ResourceAttributes = i % 10 < 5 ? resource : [],
                ScopeName = i % 8 < 4 ? "scope" : string.Empty,
                ScopeVersion = i % 16 < 8 ? "1.0" : string.Empty,
                Attributes = i % 2 == 0 ? [KeyValuePair.Create("http.method", "GET"), KeyValuePair.Create("k\u00e9y", "v'al</script>")] : [],
                StartTimeUnixNano = 1_767_225_600_000_000_000 + (i * 1_000_123L),
                EndTimeUnixNano = 1_767_225_600_000_000_000 + (i * 2_000_456L),
                StatusCode = (SpanStatusCode)(i % 3),
                StatusMessage = i % 3 == 2 ? "boom \u2028 done" : string.Empty,
                Events = i % 4 == 1
                    ? [new SpanEvent { Name = "exception", TimeUnixNano = 1_767_225_600_000_000_500 + i, Attributes = [KeyValuePair.Create("exception.message", "bad \"thing\"")] },
                       new SpanEvent { Name = "e2", TimeUnixNano = 0 }]
                    : [],
                Links = i % 6 == 5
                    ? [new SpanLink { TraceId = ActivityTraceId.CreateFromString("4bf92f3577b34da6a3ce929d0e0e4736"), SpanId = ActivitySpanId.CreateFromString("00f067aa0ba902b7"), TraceState = "a=b", Attributes = [KeyValuePair.Create("l", "1")] },
                       new SpanLink { TraceId = ActivityTraceId.CreateFromString("ffffffffffffffffffffffffffffffff"), SpanId = ActivitySpanId.CreateFromString("0000000000000001") }]
                    : [],
            });
        }

        return builder.Build();
    }
}
