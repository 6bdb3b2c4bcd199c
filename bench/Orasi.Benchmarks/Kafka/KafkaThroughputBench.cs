using System.Diagnostics;
using Apache.Arrow;
using Confluent.Kafka;
using Orasi.Connectors.Kafka.Configuration;
using Orasi.Connectors.Kafka.Consumer;
using Orasi.Connectors.Kafka.Producer;
using Orasi.Connectors.Kafka.Serialization;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;

namespace Orasi.Benchmarks.Kafka;

/// <summary>
/// Whole-process Kafka throughput: N generated spans through <see cref="KafkaBatchProducer.ProduceAllAsync"/>
/// (encoding included, measured first so its heap does not also hold the baseline's input) vs a raw Confluent.Kafka
/// producer sending the same pre-serialized keys and values with the same configuration; then consumer throughput into
/// Arrow batches (over the rows the cluster still holds: the librdkafka mock keeps a bounded log per partition).
/// <c>ORASI_BENCH_KAFKA_ENCODE_LOOPS=n</c> adds an encode-only microbenchmark (column JSON path on all cores, the
/// previous object-model JSON path and Avro on one thread); <c>ORASI_BENCH_CONSUME_ROWS</c> caps the consume phase.
/// </summary>
internal static class KafkaThroughputBench
{
    public sealed record Figures(long Spans, double ConnectorSeconds, double RawSeconds, double ConsumeSeconds, long ValueBytes)
    {
        public double Ratio => RawSeconds / ConnectorSeconds;

        public override string ToString() =>
            $"{Spans:N0} spans, {ValueBytes / 1048576.0:F0} MiB of values: connector {ConnectorSeconds:F2} s ({Spans / ConnectorSeconds:N0}/s), " +
            $"raw {RawSeconds:F2} s ({Spans / RawSeconds:N0}/s), ratio {Ratio:F2}x; consume into Arrow {ConsumeSeconds:F2} s ({Spans / ConsumeSeconds:N0} rows/s)";
    }

    public static async Task<Figures> RunAsync(string bootstrap, string connectorTopic, string rawTopic, long spans = 1_000_000, KafkaEncoding encoding = KafkaEncoding.Json, string? registryUrl = null, Action<string>? log = null)
    {
        List<RecordBatch> batches = [.. new TelemetryGenerator().Generate(TelemetryKind.Traces, spans, 65_536)];
        KafkaOptions Options(string topic) => new()
        {
            BootstrapServers = [bootstrap],
            Topic = topic,
            Encoding = encoding,
            SchemaRegistryUrl = registryUrl,
            GroupId = "bench-" + Guid.NewGuid().ToString("N"),
            Properties = Environment.GetEnvironmentVariable("ORASI_BENCH_KAFKA_PROPS") is { Length: > 0 } p ? p.Split(';').Select(kv => kv.Split('=')).ToDictionary(kv => kv[0], kv => kv[1]) : null,
        };

        // The connector runs first, so its heap does not also hold the raw baseline's pre-serialized records.
        GC.Collect();
        var clock = Stopwatch.StartNew();
        await using (var producer = new KafkaBatchProducer(Options(connectorTopic)))
        {
            (await producer.ProduceAllAsync(batches.ToAsyncEnumerable())).EnsureSuccess(connectorTopic);
        }

        double connector = clock.Elapsed.TotalSeconds;
        log?.Invoke($"connector {connector:F2} s");
        GC.Collect();

        // Raw baseline input: exactly the bytes the connector would send, serialized before the clock starts.
        var encoder = new KafkaRecordEncoder(Options(rawTopic), SchemaRegistryGateway.Create(Options(rawTopic)));
        if (Environment.GetEnvironmentVariable("ORASI_BENCH_KAFKA_ENCODE_LOOPS") is { Length: > 0 } loops)
        {
            // Encode-only microbenchmark: the same batch again and again (after warm-up), then the ratio of value bytes.
            for (int l = 0; l < int.Parse(loops, System.Globalization.CultureInfo.InvariantCulture); l++)
            {
                var loopClock = Stopwatch.StartNew();
                EncodedRecords r = await encoder.EncodeAsync(batches[0], rawTopic, CancellationToken.None);
                double jsonMs = loopClock.Elapsed.TotalMilliseconds;
                var objectClock = Stopwatch.StartNew();
                var spanObjects = SpanBatchReader.Read(batches[0]).ToList();
                long objectBytes = 0;
                for (int i = 0; i < spanObjects.Count; i++)
                {
                    objectBytes += OtlpJsonWriter.Spans(spanObjects, i, 1).Length;
                }

                log?.Invoke($"  object-model (previous) json encode loop {l}: {batches[0].Length} rows in {objectClock.Elapsed.TotalMilliseconds:F0} ms (one thread), {objectBytes / batches[0].Length} B/row");
                var avroClock = Stopwatch.StartNew();
                long avroBytes = AvroEncodeOnly(batches[0]);
                log?.Invoke($"  avro encode loop {l}: {batches[0].Length} rows in {avroClock.Elapsed.TotalMilliseconds:F0} ms, {avroBytes / batches[0].Length} B/row (one thread, registry lookup excluded)");
                log?.Invoke($"  encode loop {l}: {batches[0].Length} rows in {jsonMs:F0} ms (all cores), {r.Values.Sum(v => (long)v.Length) / batches[0].Length} B/row, gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
            }
        }

        var encoded = new List<EncodedRecords>();
        var encodeClock = Stopwatch.StartNew();
        foreach (RecordBatch batch in batches)
        {
            var batchClock = Stopwatch.StartNew();
            encoded.Add(await encoder.EncodeAsync(batch, rawTopic, CancellationToken.None));
            log?.Invoke($"  encoded {batch.Length} rows in {batchClock.Elapsed.TotalMilliseconds:F0} ms");
        }

        log?.Invoke($"encoded in {encodeClock.Elapsed.TotalSeconds:F2} s (encode only, all cores)");
        long bytes = encoded.Sum(e => e.Values.Sum(v => (long)v.Length));
        GC.Collect();


        clock.Restart();
        using (var raw = new ProducerBuilder<byte[], byte[]>(KafkaClientConfigs.Producer(Options(rawTopic))).Build())
        {
            long delivered = 0;
            long failed = 0;
            Action<DeliveryReport<byte[], byte[]>> handler = r =>
            {
                if (r.Error.IsError)
                {
                    Interlocked.Increment(ref failed);
                }
                else
                {
                    Interlocked.Increment(ref delivered);
                }
            };
            foreach (EncodedRecords e in encoded)
            {
                for (int i = 0; i < e.Count; i++)
                {
                    var message = new Message<byte[], byte[]>
                    {
                        Key = e.Keys[i]!,
                        Value = e.Values[i],
                        Timestamp = e.TimestampsMs[i] >= 0 ? new Timestamp(e.TimestampsMs[i], TimestampType.CreateTime) : Timestamp.Default,
                    };
                    while (true)
                    {
                        try
                        {
                            raw.Produce(rawTopic, message, handler);
                            break;
                        }
                        catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                        {
                            await Task.Delay(1);
                        }
                    }
                }
            }

            raw.Flush(TimeSpan.FromMinutes(5));
            if (delivered != spans || failed != 0)
            {
                throw new InvalidOperationException($"raw producer delivered {delivered}, failed {failed}");
            }
        }

        double rawSeconds = clock.Elapsed.TotalSeconds;
        log?.Invoke($"raw {rawSeconds:F2} s");
        encoded.Clear();
        GC.Collect();

        clock.Restart();
        long consumeRows = Environment.GetEnvironmentVariable("ORASI_BENCH_CONSUME_ROWS") is { Length: > 0 } c ? long.Parse(c, System.Globalization.CultureInfo.InvariantCulture) : spans;
        long rows = 0;
        TimeSpan busy = TimeSpan.Zero;
        using (var consumer = new KafkaBatchConsumer(Options(connectorTopic), TelemetrySchemas.Traces))
        {
            consumer.Subscribe(connectorTopic);
            int idle = 0;
            while (rows < consumeRows)
            {
                KafkaConsumedBatch batch = await consumer.ConsumeBatchAsync(50_000, TimeSpan.FromSeconds(1));
                rows += batch.Batch?.Length ?? 0;
                idle = batch.RecordCount > 0 ? 0 : idle + 1;
                if (batch.RecordCount > 0)
                {
                    busy = clock.Elapsed;
                }
                else if (idle >= 5 && rows > 0)
                {
                    // The librdkafka mock keeps a bounded log per partition: report what could be read instead of hanging.
                    log?.Invoke($"no records for 5 s after {rows:N0} rows; consume throughput is measured over those");
                    break;
                }

                if (batch.RecordCount > 0)
                {
                    consumer.Commit(batch);
                }
            }
        }

        return new Figures(spans, connector, rawSeconds, busy.TotalSeconds * spans / Math.Max(1, rows), bytes);
    }

    /// <summary>The Avro per-row value encoding the connector does (schema id fixed, no registry round trip).</summary>
    private static long AvroEncodeOnly(RecordBatch batch)
    {
        var rows = new AvroRowWriter(batch);
        var writer = new AvroBinaryWriter(512);
        long bytes = 0;
        for (int i = 0; i < batch.Length; i++)
        {
            writer.Reset();
            writer.WriteConfluentHeader(1);
            rows.WriteRow(writer, i);
            bytes += writer.Written.ToArray().Length;
        }

        return bytes;
    }
}
