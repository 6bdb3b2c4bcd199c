namespace Orasi.Connectors.Telemetry;

/// <summary>The OTLP metric data kind of a data point; stored in Arrow as <c>gauge</c>, <c>sum</c> or <c>histogram</c>.</summary>
public enum MetricType
{
    /// <summary><c>gauge</c>: a sampled value; <c>value</c> is set.</summary>
    Gauge = 0,

    /// <summary><c>sum</c>: a counter or up-down counter; <c>value</c>, <c>is_monotonic</c> and <c>aggregation_temporality</c> are set.</summary>
    Sum = 1,

    /// <summary><c>histogram</c>: explicit-bucket histogram; <c>count</c>, <c>sum</c>, buckets and bounds are set.</summary>
    Histogram = 2,
}
