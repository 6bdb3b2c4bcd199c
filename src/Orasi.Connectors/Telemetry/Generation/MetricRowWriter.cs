using Apache.Arrow;
using Orasi.Connectors.Telemetry.Columns;

namespace Orasi.Connectors.Telemetry.Generation;

/// <summary>
/// Generates metric data points: per service instance, CPU and memory gauges, monotonic cumulative request counters,
/// an up-down connection count for services with a database, and cumulative latency histograms with the OpenTelemetry
/// default second buckets. Rows go time step by time step, every series once per step.
/// </summary>
internal sealed class MetricRowWriter : IRowWriter
{
    /// <summary>The OpenTelemetry semantic-convention default buckets for <c>http.server.request.duration</c> (seconds).</summary>
    internal static readonly double[] LatencyBounds = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private readonly SeededRandom _rng;
    private readonly MetricColumnSet _columns = new();
    private readonly List<MetricSeries> _series = [];
    private readonly long _baseNanos;
    private readonly long _intervalNanos;
    private long _step;
    private int _nextSeries;

    /// <summary>Creates the writer and its series.</summary>
    public MetricRowWriter(ServiceCatalog catalog, TelemetryGeneratorOptions options)
    {
        _rng = new SeededRandom(options.Seed, stream: 3);
        _baseNanos = (options.BaseTime - DateTimeOffset.UnixEpoch).Ticks * TimeSpan.NanosecondsPerTick;
        _intervalNanos = options.MetricInterval.Ticks * TimeSpan.NanosecondsPerTick;
        foreach (var instance in catalog.Instances)
        {
            AddSeries(instance);
        }
    }

    /// <summary>Number of series (rows per time step).</summary>
    public int SeriesCount => _series.Count;

    /// <inheritdoc/>
    public RecordBatch WriteBatch(int rows)
    {
        for (int r = 0; r < rows; r++)
        {
            WritePoint(_series[_nextSeries], _nextSeries);
            if (++_nextSeries == _series.Count)
            {
                _nextSeries = 0;
                _step++;
            }
        }

        return _columns.Build();
    }

    private void AddSeries(ServiceInstance instance)
    {
        var service = instance.Service;
        Add("system.cpu.utilization", "Difference in system.cpu.time since the last measurement, divided by the elapsed time and number of CPUs.", "1",
            MetricType.Gauge, MetricBehaviour.Utilization, [Kv("cpu.mode", "user")], 0.1 + (0.5 * _rng.NextDouble()));
        Add("process.memory.usage", "The amount of physical memory in use.", "By",
            MetricType.Gauge, MetricBehaviour.Memory, [], 64e6 + (512e6 * _rng.NextDouble()));

        var ops = service.Operations.Take(2).ToArray();
        foreach (var op in ops)
        {
            var opAttributes = service.IsRpc
                ? new[] { Kv("rpc.system", "grpc"), Kv("rpc.method", op.MethodText) }
                : [Kv("http.request.method", op.MethodText), Kv("http.route", op.RouteText)];
            Add(service.IsRpc ? "rpc.server.requests" : "http.server.request.count", "Number of requests handled.", "{request}",
                MetricType.Sum, MetricBehaviour.Counter, [.. opAttributes, Kv(service.IsRpc ? "rpc.grpc.status_code" : "http.response.status_code", service.IsRpc ? "0" : "200")], 0);
            Add(service.IsRpc ? "rpc.server.duration" : "http.server.request.duration", "Duration of inbound requests.", "s",
                MetricType.Histogram, MetricBehaviour.Latency, opAttributes, 0);
        }

        Add(service.IsRpc ? "rpc.server.requests" : "http.server.request.count", "Number of requests handled.", "{request}",
            MetricType.Sum, MetricBehaviour.Counter, [Kv(service.IsRpc ? "rpc.grpc.status_code" : "http.response.status_code", service.IsRpc ? "14" : "500")], 0);

        if (service.DbSystem is not null)
        {
            foreach (var state in new[] { "idle", "used" })
            {
                Add("db.client.connection.count", "The number of connections that are currently in the state described by the state attribute.", "{connection}",
                    MetricType.Sum, MetricBehaviour.UpDown, [Kv("db.client.connection.state", state), Kv("db.client.connection.pool.name", service.Name + "-pool")], _rng.Next(0, 20));
            }
        }

        void Add(string name, string description, string unit, MetricType type, MetricBehaviour behaviour, KeyValuePair<string, string>[] attributes, double initial) =>
            _series.Add(new MetricSeries
            {
                Instance = instance,
                Name = ServiceCatalog.U8(name),
                Description = ServiceCatalog.U8(description),
                Unit = ServiceCatalog.U8(unit),
                Type = type,
                Behaviour = behaviour,
                Attributes = new EncodedAttributes(attributes),
                Value = initial,
                Buckets = behaviour == MetricBehaviour.Latency ? new long[LatencyBounds.Length + 1] : [],
            });
    }

    private static KeyValuePair<string, string> Kv(string key, string value) => new(key, value);

    private void WritePoint(MetricSeries series, int index)
    {
        var c = _columns;
        var rng = _rng;
        var service = series.Instance.Service;
        long time = _baseNanos + ((_step + 1) * _intervalNanos) + ((index % 997) * 1_000_000L);

        c.Timestamp.Append(time);
        c.EventDate.Append(TelemetrySchemas.EventDateOf(time));
        c.ServiceName.Append(service.NameUtf8);
        c.MetricName.Append(series.Name);
        c.MetricDescription.Append(series.Description);
        c.MetricUnit.Append(series.Unit);
        c.MetricType.Append(OtlpNames.Utf8(series.Type));
        c.ResourceAttributes.Add(series.Instance.Resource);
        c.ResourceAttributes.EndMap();
        c.ScopeName.Append(service.ScopeName);
        c.ScopeVersion.Append(service.ScopeVersion);
        c.Attributes.Add(series.Attributes);
        c.Attributes.EndMap();

        switch (series.Behaviour)
        {
            case MetricBehaviour.Utilization:
                series.Value = Math.Clamp(series.Value + (0.05 * rng.Gaussian()), 0.01, 0.99);
                WriteGauge(series.Value);
                break;
            case MetricBehaviour.Memory:
                series.Value = Math.Round(Math.Clamp(series.Value * (1 + (0.02 * rng.Gaussian())), 32e6, 4e9));
                WriteGauge(series.Value);
                break;
            case MetricBehaviour.Counter:
                series.Value += rng.Next(0, 200);
                WriteSum(series.Value, monotonic: true);
                break;
            case MetricBehaviour.UpDown:
                series.Value = Math.Clamp(series.Value + rng.Next(-3, 4), 0, 50);
                WriteSum(series.Value, monotonic: false);
                break;
            default:
                WriteHistogram(series);
                break;
        }
    }

    private void WriteGauge(double value)
    {
        var c = _columns;
        c.StartTimestamp.AppendNull();
        c.Value.Append(value);
        c.IsMonotonic.Append(null);
        c.AggregationTemporality.AppendNull();
        c.AppendNoHistogram();
    }

    private void WriteSum(double value, bool monotonic)
    {
        var c = _columns;
        c.StartTimestamp.Append(_baseNanos);
        c.Value.Append(value);
        c.IsMonotonic.Append(monotonic);
        c.AggregationTemporality.Append(OtlpNames.Utf8(AggregationTemporality.Cumulative));
        c.AppendNoHistogram();
    }

    private void WriteHistogram(MetricSeries series)
    {
        var rng = _rng;
        int observations = rng.Next(5, 60);
        for (int k = 0; k < observations; k++)
        {
            double x = Math.Round(rng.LogNormal(0.05, 1.0), 6);
            int bucket = 0;
            while (bucket < LatencyBounds.Length && x > LatencyBounds[bucket])
            {
                bucket++;
            }

            series.Buckets[bucket]++;
            series.Count++;
            series.Sum += x;
            series.Min = Math.Min(series.Min, x);
            series.Max = Math.Max(series.Max, x);
        }

        var c = _columns;
        c.StartTimestamp.Append(_baseNanos);
        c.Value.AppendNull();
        c.IsMonotonic.Append(null);
        c.AggregationTemporality.Append(OtlpNames.Utf8(AggregationTemporality.Cumulative));
        c.Count.Append(series.Count);
        c.Sum.Append(series.Sum);
        c.Min.Append(series.Min);
        c.Max.Append(series.Max);
        foreach (long count in series.Buckets)
        {
            c.BucketCounts.Items.Append(count);
        }

        c.BucketCounts.EndList();
        foreach (double bound in LatencyBounds)
        {
            c.ExplicitBounds.Items.Append(bound);
        }

        c.ExplicitBounds.EndList();
    }
}
