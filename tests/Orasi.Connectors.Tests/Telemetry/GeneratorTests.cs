using System.Diagnostics;
using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;

namespace Orasi.Connectors.Tests.Telemetry;

public class GeneratorTests
{
    private static TelemetryGenerator Gen(long seed = 7, Func<TelemetryGeneratorOptions, TelemetryGeneratorOptions>? configure = null)
    {
        var options = new TelemetryGeneratorOptions { Seed = seed };
        return new TelemetryGenerator(configure is null ? options : configure(options));
    }

    [Theory]
    [InlineData(TelemetryKind.Traces)]
    [InlineData(TelemetryKind.Metrics)]
    [InlineData(TelemetryKind.Logs)]
    public void Same_seed_gives_byte_identical_batches_and_another_seed_does_not(TelemetryKind kind)
    {
        byte[] a = BatchBytes.Of(Gen(11).Generate(kind, 5_000, 1_000));
        byte[] b = BatchBytes.Of(Gen(11).Generate(kind, 5_000, 1_000));
        var generator = Gen(11);
        byte[] again1 = BatchBytes.Of(generator.Generate(kind, 5_000, 1_000));
        byte[] again2 = BatchBytes.Of(generator.Generate(kind, 5_000, 1_000));
        byte[] other = BatchBytes.Of(Gen(12).Generate(kind, 5_000, 1_000));

        Assert.Equal(a, b);
        Assert.Equal(a, again1);
        Assert.Equal(a, again2);
        Assert.NotEqual(a, other);
    }

    [Theory]
    [InlineData(TelemetryKind.Traces, 0, 10)]
    [InlineData(TelemetryKind.Traces, 1, 10)]
    [InlineData(TelemetryKind.Traces, 10_001, 1_000)]
    [InlineData(TelemetryKind.Metrics, 3_333, 1_000)]
    [InlineData(TelemetryKind.Logs, 2_048, 1_024)]
    [InlineData(TelemetryKind.Logs, 77, 65_536)]
    public void Record_counts_are_exact_across_batch_boundaries(TelemetryKind kind, long records, int batchSize)
    {
        var batches = Gen().Generate(kind, records, batchSize).ToList();
        Assert.Equal(records, batches.Sum(b => (long)b.Length));
        Assert.Equal((int)((records + batchSize - 1) / batchSize), batches.Count);
        Assert.All(batches, b =>
        {
            Assert.InRange(b.Length, 1, batchSize);
            Assert.Same(TelemetrySchemas.For(kind), b.Schema);
            Assert.All(b.Arrays, array => Assert.Equal(b.Length, array.Length));
        });
    }

    [Fact]
    public void Rows_do_not_depend_on_the_batch_size()
    {
        var generator = Gen(3);
        var big = generator.Generate(TelemetryKind.Traces, 3_000, 3_000).SelectMany(SpanBatchReader.Read).ToList();
        var small = generator.Generate(TelemetryKind.Traces, 3_000, 7).SelectMany(SpanBatchReader.Read).ToList();
        Assert.Equal(big, small);

        var logsBig = generator.Generate(TelemetryKind.Logs, 1_000, 1_000).SelectMany(LogBatchReader.Read).ToList();
        var logsSmall = generator.Generate(TelemetryKind.Logs, 1_000, 13).SelectMany(LogBatchReader.Read).ToList();
        Assert.Equal(logsBig, logsSmall);

        var metricsBig = generator.Generate(TelemetryKind.Metrics, 1_000, 1_000).SelectMany(MetricBatchReader.Read).ToList();
        var metricsSmall = generator.Generate(TelemetryKind.Metrics, 1_000, 99).SelectMany(MetricBatchReader.Read).ToList();
        Assert.Equal(metricsBig, metricsSmall);
    }

    [Fact]
    public void A_prefix_of_a_longer_run_equals_a_shorter_run()
    {
        var generator = Gen(5);
        var shorter = generator.Generate(TelemetryKind.Traces, 1_500, 500).SelectMany(SpanBatchReader.Read).ToList();
        var longer = generator.Generate(TelemetryKind.Traces, 4_000, 500).SelectMany(SpanBatchReader.Read).Take(1_500).ToList();
        Assert.Equal(shorter, longer);
    }

    [Fact]
    public void Span_trees_are_valid_and_nested_in_time()
    {
        var spans = Gen(21).Generate(TelemetryKind.Traces, 20_000, 4_096).SelectMany(SpanBatchReader.Read).ToList();
        var lastTrace = spans[^1].TraceId;
        var traces = spans.Where(s => s.TraceId != lastTrace).GroupBy(s => s.TraceId).ToList();
        Assert.True(traces.Count > 500, $"only {traces.Count} traces");

        foreach (var trace in traces)
        {
            var byId = trace.ToDictionary(s => s.SpanId);
            Assert.InRange(byId.Count, 1, 30);
            Assert.Single(trace, s => s.ParentSpanId is null);
            Assert.Equal(SpanKind.Server, trace.First().Kind);
            Assert.Null(trace.First().ParentSpanId);
            foreach (var span in trace.Where(s => s.ParentSpanId is not null))
            {
                Assert.True(byId.TryGetValue(span.ParentSpanId!.Value, out var parent), $"parent of {span.SpanId} missing");
                Assert.InRange(span.StartTimeUnixNano, parent!.StartTimeUnixNano, parent.EndTimeUnixNano);
                Assert.InRange(span.EndTimeUnixNano, span.StartTimeUnixNano, parent.EndTimeUnixNano);
                if (parent.Kind == SpanKind.Client && span.Kind == SpanKind.Server)
                {
                    Assert.NotEqual(parent.ServiceName, span.ServiceName);
                }
            }
        }

        Assert.Equal(spans.Count, spans.Select(s => (s.TraceId, s.SpanId)).Distinct().Count());
        var kinds = spans.Select(s => s.Kind).ToHashSet();
        Assert.Superset(new HashSet<SpanKind> { SpanKind.Server, SpanKind.Client, SpanKind.Internal, SpanKind.Producer }, kinds);
        Assert.Contains(traces, t => t.Count() >= 15);
        Assert.Contains(traces, t => t.Count() == 1);
        Assert.True(spans.Select(s => s.ServiceName).Distinct().Count() >= 15);

        var errors = spans.Where(s => s.StatusCode == SpanStatusCode.Error).ToList();
        double errorRate = errors.Count / (double)spans.Count;
        Assert.InRange(errorRate, 0.01, 0.04);
        Assert.All(errors, e =>
        {
            var ex = Assert.Single(e.Events, ev => ev.Name == "exception");
            Assert.Contains(ex.Attributes, a => a.Key == "exception.type");
            Assert.NotEmpty(e.StatusMessage);
        });
        Assert.Contains(spans, s => s.Links.Count > 0);
        Assert.Contains(spans, s => s.Attributes.Any(a => a.Key == "db.query.text"));
        Assert.Contains(spans, s => s.Attributes.Any(a => a.Key == "rpc.method"));
        Assert.Contains(spans, s => s.Attributes.Any(a => a.Key == "http.route"));
        Assert.All(spans, s => Assert.Contains(s.ResourceAttributes, a => a.Key == "service.name" && a.Value == s.ServiceName));
        Assert.All(spans, s => Assert.Contains(s.ResourceAttributes, a => a.Key == "k8s.pod.name"));
        Assert.All(spans, s => Assert.True(s.StartTimeUnixNano >= 1_767_225_600_000_000_000L));
    }

    [Fact]
    public void Client_and_server_spans_of_one_call_agree_on_the_outcome()
    {
        var spans = Gen(4).Generate(TelemetryKind.Traces, 10_000).SelectMany(SpanBatchReader.Read).ToList();
        var byId = spans.ToDictionary(s => (s.TraceId, s.SpanId));
        int pairs = 0;
        foreach (var server in spans.Where(s => s.Kind == SpanKind.Server && s.ParentSpanId is not null))
        {
            var client = byId[(server.TraceId, server.ParentSpanId!.Value)];
            Assert.Equal(SpanKind.Client, client.Kind);
            Assert.Equal(server.StatusCode, client.StatusCode);
            pairs++;
        }

        Assert.True(pairs > 100);
    }

    [Fact]
    public void Log_severities_are_consistent_and_distributed()
    {
        var logs = Gen(8).Generate(TelemetryKind.Logs, 20_000, 5_000).SelectMany(LogBatchReader.Read).ToList();
        var expected = new Dictionary<string, SeverityNumber>
        {
            ["DEBUG"] = SeverityNumber.Debug, ["INFO"] = SeverityNumber.Info, ["WARN"] = SeverityNumber.Warn, ["ERROR"] = SeverityNumber.Error,
        };
        Assert.All(logs, l => Assert.Equal(expected[l.SeverityText], l.SeverityNumber));
        var share = logs.GroupBy(l => l.SeverityText).ToDictionary(g => g.Key, g => g.Count() / (double)logs.Count);
        Assert.InRange(share["INFO"], 0.70, 0.85);
        Assert.InRange(share["DEBUG"], 0.04, 0.12);
        Assert.InRange(share["WARN"], 0.06, 0.14);
        Assert.InRange(share["ERROR"], 0.03, 0.08);

        Assert.All(logs, l =>
        {
            Assert.Equal(l.TraceId is null, l.SpanId is null);
            Assert.Equal(l.TraceId is null ? 0 : 1, l.TraceFlags);
            Assert.True(l.ObservedTimeUnixNano > l.TimeUnixNano);
            Assert.False(string.IsNullOrEmpty(l.Body));
        });
        Assert.InRange(logs.Count(l => l.TraceId is not null) / (double)logs.Count, 0.35, 0.45);
        Assert.True(logs.Select(l => l.Body).Distinct().Count() > 10_000, "bodies should carry varying values");
        Assert.True(logs.Zip(logs.Skip(1)).All(p => p.First.TimeUnixNano <= p.Second.TimeUnixNano), "log time should not go backwards");
    }

    [Fact]
    public void Metric_points_are_well_formed_and_cumulative_series_never_decrease()
    {
        var points = Gen(9).Generate(TelemetryKind.Metrics, 30_000, 4_000).SelectMany(MetricBatchReader.Read).ToList();
        Assert.Equal(
            new HashSet<MetricType> { MetricType.Gauge, MetricType.Sum, MetricType.Histogram },
            points.Select(p => p.MetricType).ToHashSet());

        var last = new Dictionary<string, MetricDataPoint>(StringComparer.Ordinal);
        int monotonicChecks = 0;
        foreach (var p in points)
        {
            switch (p.MetricType)
            {
                case MetricType.Gauge:
                    Assert.NotNull(p.Value);
                    Assert.Null(p.StartTimeUnixNano);
                    Assert.Null(p.AggregationTemporality);
                    Assert.Null(p.BucketCounts);
                    break;
                case MetricType.Sum:
                    Assert.NotNull(p.Value);
                    Assert.NotNull(p.IsMonotonic);
                    Assert.Equal(AggregationTemporality.Cumulative, p.AggregationTemporality);
                    Assert.Null(p.Count);
                    break;
                default:
                    Assert.Null(p.Value);
                    Assert.NotNull(p.BucketCounts);
                    Assert.NotNull(p.ExplicitBounds);
                    Assert.Equal(p.ExplicitBounds!.Count + 1, p.BucketCounts!.Count);
                    Assert.Equal(p.Count, p.BucketCounts.Sum());
                    Assert.True(p.ExplicitBounds.Zip(p.ExplicitBounds.Skip(1)).All(b => b.First < b.Second));
                    Assert.True(p.Min <= p.Max);
                    Assert.InRange(p.Sum!.Value, p.Min!.Value * p.Count!.Value, p.Max!.Value * p.Count.Value);
                    break;
            }

            string key = SeriesKey(p);
            if (last.TryGetValue(key, out var previous))
            {
                Assert.True(p.TimeUnixNano > previous.TimeUnixNano);
                if (p.IsMonotonic == true)
                {
                    Assert.True(p.Value >= previous.Value, $"{key} went from {previous.Value} to {p.Value}");
                    monotonicChecks++;
                }

                if (p.MetricType == MetricType.Histogram)
                {
                    Assert.True(p.Count >= previous.Count);
                    Assert.All(p.BucketCounts!.Zip(previous.BucketCounts!), b => Assert.True(b.First >= b.Second));
                }
            }

            last[key] = p;
        }

        Assert.True(monotonicChecks > 1_000);
        Assert.Contains(points, p => p.IsMonotonic == false);
        Assert.True(last.Count > 300, $"only {last.Count} series");
    }

    private static string SeriesKey(MetricDataPoint p) =>
        string.Join('|', [p.MetricName, .. p.ResourceAttributes.Where(a => a.Key == "service.instance.id").Select(a => a.Value), .. p.Attributes.Select(a => a.Key + "=" + a.Value)]);

    [Theory]
    [InlineData(TelemetryKind.Traces)]
    [InlineData(TelemetryKind.Metrics)]
    [InlineData(TelemetryKind.Logs)]
    public void Event_date_is_the_utc_date_of_the_timestamp(TelemetryKind kind)
    {
        // A slow rate and a long metric interval spread the rows over several days.
        var generator = Gen(2, o => o with { RecordsPerSecond = 0.02, MetricInterval = TimeSpan.FromHours(12) });
        var dates = new HashSet<int>();
        foreach (var batch in generator.Generate(kind, 3_000, 700))
        {
            var timestamps = (TimestampArray)batch.Column("timestamp");
            var eventDates = (Date32Array)batch.Column("event_date");
            for (int i = 0; i < batch.Length; i++)
            {
                var utcDate = DateOnly.FromDateTime(timestamps.GetTimestamp(i)!.Value.UtcDateTime);
                Assert.Equal(utcDate, eventDates.GetDateOnly(i));
                dates.Add(eventDates.GetValue(i)!.Value);
            }
        }

        Assert.True(dates.Count >= 2, $"expected rows over several days, got {dates.Count}");
    }

    [Fact]
    public void Base_time_and_service_count_are_honoured()
    {
        var baseTime = new DateTimeOffset(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var generator = Gen(1, o => o with { BaseTime = baseTime, ServiceCount = 30, InstancesPerService = 1 });
        Assert.Equal(30, generator.ServiceNames.Count);
        Assert.Equal(30, generator.ServiceNames.Distinct().Count());
        var spans = generator.Generate(TelemetryKind.Traces, 2_000).SelectMany(SpanBatchReader.Read).ToList();
        long baseNanos = (baseTime - DateTimeOffset.UnixEpoch).Ticks * 100;
        Assert.Equal(baseNanos, spans[0].StartTimeUnixNano);
        Assert.All(spans, s => Assert.InRange(s.StartTimeUnixNano, baseNanos, baseNanos + TimeSpan.FromHours(1).Ticks * 100));

        var single = Gen(1, o => o with { ServiceCount = 1, InstancesPerService = 1, MaxSpansPerTrace = 1 });
        var lone = single.Generate(TelemetryKind.Traces, 500).SelectMany(SpanBatchReader.Read).ToList();
        Assert.All(lone, s => Assert.Null(s.ParentSpanId));
        Assert.Single(lone.Select(s => s.ServiceName).Distinct());
    }

    [Fact]
    public void Bad_arguments_are_rejected_up_front()
    {
        var generator = Gen();
        Assert.Throws<ArgumentOutOfRangeException>(() => generator.Generate(TelemetryKind.Traces, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => generator.Generate(TelemetryKind.Traces, 10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => generator.Generate((TelemetryKind)9, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TelemetryGenerator(new TelemetryGeneratorOptions { ServiceCount = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TelemetryGenerator(new TelemetryGeneratorOptions { ErrorRate = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TelemetryGenerator(new TelemetryGeneratorOptions { MetricInterval = TimeSpan.Zero }));
    }

    [Fact]
    public async Task GenerateAsync_yields_the_same_batches_and_honours_cancellation()
    {
        var generator = Gen(6);
        var batches = new List<RecordBatch>();
        await foreach (var batch in generator.GenerateAsync(TelemetryKind.Logs, 2_500, 1_000))
        {
            batches.Add(batch);
        }

        Assert.Equal(BatchBytes.Of(generator.Generate(TelemetryKind.Logs, 2_500, 1_000)), BatchBytes.Of(batches));

        using var cts = new CancellationTokenSource();
        int seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in generator.GenerateAsync(TelemetryKind.Traces, 100_000, 1_000, cts.Token))
            {
                seen++;
                await cts.CancelAsync();
            }
        });
        Assert.Equal(1, seen);
    }

    [Fact]
    public void Generates_a_million_spans_quickly()
    {
        var generator = Gen(1);
        var stopwatch = Stopwatch.StartNew();
        long rows = 0;
        foreach (var batch in generator.Generate(TelemetryKind.Traces, 1_000_000))
        {
            rows += batch.Length;
        }

        stopwatch.Stop();
        Assert.Equal(1_000_000, rows);
        // Generous bound for Debug builds on a busy 2-core runner; a Release run takes well under 3 s.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"1M spans took {stopwatch.Elapsed}");
    }
}
