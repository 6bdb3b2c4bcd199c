namespace Orasi.Connectors.Telemetry.Generation;

/// <summary>
/// Settings of <see cref="TelemetryGenerator"/>. Same options (and same arguments to <c>Generate</c>) give
/// byte-identical batches; nothing depends on the wall clock.
/// </summary>
public sealed record TelemetryGeneratorOptions
{
    /// <summary>The seed of every random choice.</summary>
    public long Seed { get; init; } = 42;

    /// <summary>Time of the first record; later records follow at seeded offsets. Default 2026-01-01T00:00:00Z.</summary>
    public DateTimeOffset BaseTime { get; init; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Number of simulated services (names after the OpenTelemetry demo shop; suffixed beyond 24). 1–1000, default 20.</summary>
    public int ServiceCount { get; init; } = 20;

    /// <summary>Pods per service, each with its own resource attributes. 1–100, default 3.</summary>
    public int InstancesPerService { get; init; } = 3;

    /// <summary>
    /// Average spans or log records per second of simulated time, which sets how far the timestamps spread
    /// (1M records at 1000/s cover about 17 minutes; lower it to spread data over several <c>event_date</c>s). Default 1000.
    /// </summary>
    public double RecordsPerSecond { get; init; } = 1000;

    /// <summary>Largest trace, in spans (1–1000). Trace sizes are drawn from 1 to this, skewed small. Default 30.</summary>
    public int MaxSpansPerTrace { get; init; } = 30;

    /// <summary>Probability that a span fails (status ERROR with an exception event). Default 0.02.</summary>
    public double ErrorRate { get; init; } = 0.02;

    /// <summary>Probability that a log record carries a trace and span id. Default 0.4.</summary>
    public double LogTraceCorrelationRate { get; init; } = 0.4;

    /// <summary>Time between two points of the same metric series. Default 10 s.</summary>
    public TimeSpan MetricInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of its documented range.</exception>
    public void Validate()
    {
        Check(ServiceCount is >= 1 and <= 1000, nameof(ServiceCount), ServiceCount, "between 1 and 1000");
        Check(InstancesPerService is >= 1 and <= 100, nameof(InstancesPerService), InstancesPerService, "between 1 and 100");
        Check(RecordsPerSecond > 0 && double.IsFinite(RecordsPerSecond), nameof(RecordsPerSecond), RecordsPerSecond, "a positive number");
        Check(MaxSpansPerTrace is >= 1 and <= 1000, nameof(MaxSpansPerTrace), MaxSpansPerTrace, "between 1 and 1000");
        Check(ErrorRate is >= 0 and <= 1, nameof(ErrorRate), ErrorRate, "between 0 and 1");
        Check(LogTraceCorrelationRate is >= 0 and <= 1, nameof(LogTraceCorrelationRate), LogTraceCorrelationRate, "between 0 and 1");
        Check(MetricInterval > TimeSpan.Zero, nameof(MetricInterval), MetricInterval, "positive");
    }

    private static void Check(bool ok, string name, object value, string range)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"TelemetryGeneratorOptions.{name} is {value}; it must be {range}.");
        }
    }
}
