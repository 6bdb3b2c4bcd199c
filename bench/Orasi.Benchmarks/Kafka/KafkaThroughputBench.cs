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
/// Whole-process Kafka throughput. Produce: N generated spans through <see cref="KafkaBatchProducer.ProduceAllAsync"/>
/// (encoding included) vs a raw Confluent.Kafka producer sending the same pre-serialized keys and values with the same
/// configuration, alternating connector and raw runs <c>reps</c> times (fresh topics each time) and reporting medians,
/// with wall and process CPU time per phase and an encode-only figure (one thread and all cores) to show where the time
/// goes. Consume: N spans produced by the connector, then read back by a <see cref="KafkaBatchConsumer"/> into Arrow
/// batches (the librdkafka mock keeps a bounded log per partition, so keep N modest there).
/// </summary>
internal static class KafkaThroughputBench
{
    public sealed record Run(double WallSeconds, double CpuSeconds, double GcPauseSeconds, int Gen0, int Gen1, int Gen2);

    public static async Task<int> ProduceAsync(string bootstrap, Func<string, string> newTopic, long spans, int reps, Action<string> log)
    {
        List<RecordBatch> batches = [.. new TelemetryGenerator().Generate(TelemetryKind.Traces, spans, 65_536)];
        var encoder = new KafkaRecordEncoder(Options(bootstrap, "x"), null);

        // Encode only (what the connector adds on top of the raw producer's work), one thread and all cores.
        await encoder.EncodeAsync(batches[0], "x", CancellationToken.None); // warm-up
        var encodeOne = new List<Run>();
        var encodeAll = new List<Run>();
        long valueBytes = 0;
        for (int r = 0; r < (Environment.GetEnvironmentVariable("ORASI_BENCH_SKIP_ENCODE") is "1" ? 0 : reps); r++)
        {
            encodeOne.Add(await Measure(async () =>
            {
                valueBytes = 0;
                foreach (RecordBatch b in batches)
                {
                    PreparedBatch p = await encoder.PrepareAsync(b, "x", CancellationToken.None);
                    for (int s = 0; s < p.Rows; s += 2048)
                    {
                        EncodedRecords e = p.Encode(s, Math.Min(2048, p.Rows - s));
                        for (int i = 0; i < e.Count; i++)
                        {
                            valueBytes += e.Values[i].Length;
                        }
                    }
                }
            }));
            encodeAll.Add(await Measure(async () =>
            {
                foreach (RecordBatch b in batches)
                {
                    _ = await encoder.EncodeAsync(b, "x", CancellationToken.None);
                }
            }));
        }

        if (encodeOne.Count > 0)
        {
            log($"encode only, one thread: {Describe(encodeOne, spans)}; {valueBytes / (double)spans:F0} B/span, {valueBytes / 1048576.0:F0} MiB");
            log($"encode only, all cores:  {Describe(encodeAll, spans)}");
        }

        // Warm-up (not counted): JIT and tiering of both produce paths, the encoder's caches, the value pool.
        {
            string warm = newTopic("bench-warmup");
            await using (var producer = new KafkaBatchProducer(Options(bootstrap, warm)))
            {
                (await producer.ProduceAllAsync(batches.Take(2).ToAsyncEnumerable())).EnsureSuccess(warm);
            }

            EncodedRecords first = await encoder.EncodeAsync(batches[0], warm, CancellationToken.None);
            await RawProduceAsync(bootstrap, newTopic("bench-warmup-raw"), [first], first.Count);
        }

        var connector = new List<Run>();
        var raw = new List<Run>();
        for (int r = 0; r < reps; r++)
        {
            string topic = newTopic("bench-connector");
            connector.Add(await Measure(async () =>
            {
                await using var producer = new KafkaBatchProducer(Options(bootstrap, topic));
                (await producer.ProduceAllAsync(batches.ToAsyncEnumerable())).EnsureSuccess(topic);
            }));
            log($"  rep {r}: connector {connector[^1].WallSeconds:F2} s wall, {connector[^1].CpuSeconds:F2} s CPU, {Gc(connector[^1])}");

            // Raw baseline input: exactly the bytes the connector sends, serialized before the clock starts.
            string rawTopic = newTopic("bench-raw");
            var encoded = new List<EncodedRecords>();
            foreach (RecordBatch batch in batches)
            {
                encoded.Add(await encoder.EncodeAsync(batch, rawTopic, CancellationToken.None));
            }

            raw.Add(await Measure(() => RawProduceAsync(bootstrap, rawTopic, encoded, spans)));
            log($"  rep {r}: raw       {raw[^1].WallSeconds:F2} s wall, {raw[^1].CpuSeconds:F2} s CPU, {Gc(raw[^1])}");
            encoded.Clear();
        }

        double c = Median(connector.Select(x => x.WallSeconds));
        double w = Median(raw.Select(x => x.WallSeconds));
        log($"connector: {Describe(connector, spans)}");
        log($"raw:       {Describe(raw, spans)}");
        log($"{spans:N0} spans: connector {c:F2} s vs raw {w:F2} s (medians of {reps}) = {w / c:F2}x; per run: " +
            string.Join(", ", connector.Zip(raw, (a, b) => $"{b.WallSeconds / a.WallSeconds:F2}x")));
        return 0;
    }

    public static async Task<int> ConsumeAsync(string bootstrap, Func<string, string> newTopic, long spans, int reps, Action<string> log)
    {
        List<RecordBatch> batches = [.. new TelemetryGenerator().Generate(TelemetryKind.Traces, spans, 65_536)];

        // Decode only (no Kafka), one thread: CPU per row of the object path vs the direct column decoder, per signal.
        var encoder = new KafkaRecordEncoder(Options(bootstrap, "x"), null);
        foreach (TelemetryKind kind in new[] { TelemetryKind.Traces, TelemetryKind.Logs, TelemetryKind.Metrics })
        {
            List<byte[]> encoded = [];
            foreach (RecordBatch b in kind == TelemetryKind.Traces ? batches : new TelemetryGenerator().Generate(kind, spans, 65_536))
            {
                encoded.AddRange((await encoder.EncodeAsync(b, "x", CancellationToken.None)).Values);
            }

            List<byte[][]> chunks = [.. encoded.Chunk(1000)]; // below the parallel threshold of both paths
            var objectDecoder = new KafkaRecordDecoder(TelemetrySchemas.For(kind), null) { UseObjectPath = true };
            var directDecoder = new KafkaRecordDecoder(TelemetrySchemas.For(kind), null);
            long decoded = 0;
            async Task DecodeAll(KafkaRecordDecoder d)
            {
                decoded = 0;
                foreach (byte[][] chunk in chunks)
                {
                    decoded += (await d.DecodeAsync(chunk, CancellationToken.None))?.Length ?? 0;
                }
            }

            await DecodeAll(objectDecoder); // warm-up
            await DecodeAll(directDecoder);
            var decodeObject = new List<Run>();
            var decodeDirect = new List<Run>();
            for (int r = 0; r < reps; r++)
            {
                decodeObject.Add(await Measure(() => DecodeAll(objectDecoder)));
                decodeDirect.Add(await Measure(() => DecodeAll(directDecoder)));
            }

            log($"decode only, {kind}, 1 thread, object path: {Describe(decodeObject, decoded)}, {Median(decodeObject.Select(x => x.CpuSeconds)) * 1e6 / decoded:F2} µs CPU/row");
            log($"decode only, {kind}, 1 thread, direct:      {Describe(decodeDirect, decoded)}, {Median(decodeDirect.Select(x => x.CpuSeconds)) * 1e6 / decoded:F2} µs CPU/row");
        }

        // Whole consumer: both paths read the same topic (fresh groups), alternating.
        var runs = new Dictionary<bool, List<Run>> { [true] = [], [false] = [] };
        for (int r = 0; r < reps; r++)
        {
            string topic = newTopic("bench-consume");
            await using (var producer = new KafkaBatchProducer(Options(bootstrap, topic)))
            {
                (await producer.ProduceAllAsync(batches.ToAsyncEnumerable())).EnsureSuccess(topic);
            }

            foreach (bool objectPath in new[] { true, false })
            {
                long rows = 0;
                runs[objectPath].Add(await Measure(async () =>
                {
                    using var consumer = new KafkaBatchConsumer(Options(bootstrap, topic), TelemetrySchemas.Traces) { UseObjectDecodePath = objectPath };
                    consumer.Subscribe(topic);
                    int idle = 0;
                    while (rows < spans && idle < 10)
                    {
                        KafkaConsumedBatch batch = await consumer.ConsumeBatchAsync(50_000, TimeSpan.FromSeconds(1));
                        rows += batch.Batch?.Length ?? 0;
                        idle = batch.RecordCount > 0 ? 0 : idle + 1;
                        if (batch.RecordCount > 0)
                        {
                            consumer.Commit(batch);
                        }
                    }
                }));
                if (rows != spans)
                {
                    log($"  rep {r}: only {rows:N0} of {spans:N0} rows came back (the mock's bounded log?); lower the span count");
                    return 1;
                }

                Run last = runs[objectPath][^1];
                log($"  rep {r} {(objectPath ? "object" : "direct")}: {rows:N0} rows into Arrow in {last.WallSeconds:F2} s wall ({rows / last.WallSeconds:N0} rows/s), {last.CpuSeconds:F2} s CPU ({last.CpuSeconds * 1e6 / rows:F2} µs/row), {Gc(last)}");
            }
        }

        log($"consume into Arrow, object path: {Describe(runs[true], spans)}, {Median(runs[true].Select(x => x.CpuSeconds)) * 1e6 / spans:F2} µs CPU/row");
        log($"consume into Arrow, direct:      {Describe(runs[false], spans)}, {Median(runs[false].Select(x => x.CpuSeconds)) * 1e6 / spans:F2} µs CPU/row");
        return 0;
    }

    private static KafkaOptions Options(string bootstrap, string topic) => new()
    {
        BootstrapServers = [bootstrap],
        Topic = topic,
        GroupId = "bench-" + Guid.NewGuid().ToString("N"),
        Properties = Environment.GetEnvironmentVariable("ORASI_BENCH_KAFKA_PROPS") is { Length: > 0 } p ? p.Split(';').Select(kv => kv.Split('=')).ToDictionary(kv => kv[0], kv => kv[1]) : null,
    };

    private static async Task RawProduceAsync(string bootstrap, string rawTopic, List<EncodedRecords> encoded, long spans)
    {
        using var raw = new ProducerBuilder<byte[], byte[]>(KafkaClientConfigs.Producer(Options(bootstrap, rawTopic))).Build();
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

    private static async Task<Run> Measure(Func<Task> action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        TimeSpan pause = GC.GetTotalPauseDuration();
        int[] gcs = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var clock = Stopwatch.StartNew();
        await action();
        double wall = clock.Elapsed.TotalSeconds;
        return new Run(
            wall, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, (GC.GetTotalPauseDuration() - pause).TotalSeconds,
            GC.CollectionCount(0) - gcs[0], GC.CollectionCount(1) - gcs[1], GC.CollectionCount(2) - gcs[2]);
    }

    private static string Gc(Run run) => $"GC pauses {run.GcPauseSeconds:F2} s (gen0/1/2 {run.Gen0}/{run.Gen1}/{run.Gen2})";

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Describe(List<Run> runs, long rows)
    {
        double wall = Median(runs.Select(r => r.WallSeconds));
        return $"median {wall:F2} s wall ({rows / wall:N0}/s), {Median(runs.Select(r => r.CpuSeconds)):F2} s CPU [runs {string.Join(" ", runs.Select(r => r.WallSeconds.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}]";
    }
}
