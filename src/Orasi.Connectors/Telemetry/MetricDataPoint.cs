namespace Orasi.Connectors.Telemetry;

/// <summary>
/// One metric data point, the row model of <see cref="TelemetrySchemas.Metrics"/>. Which properties are set depends
/// on <see cref="MetricType"/>: gauges set <see cref="Value"/>; sums set <see cref="Value"/>, <see cref="IsMonotonic"/>,
/// <see cref="AggregationTemporality"/> and <see cref="StartTimeUnixNano"/>; histograms set <see cref="Count"/>,
/// <see cref="Sum"/>, <see cref="Min"/>, <see cref="Max"/>, <see cref="BucketCounts"/>, <see cref="ExplicitBounds"/>,
/// <see cref="AggregationTemporality"/> and <see cref="StartTimeUnixNano"/>. Equality is structural.
/// </summary>
public sealed record MetricDataPoint
{
    /// <summary>Metric name, e.g. <c>http.server.request.duration</c> (<c>metric_name</c>).</summary>
    public required string MetricName { get; init; }

    /// <summary>Metric description (<c>metric_description</c>).</summary>
    public string MetricDescription { get; init; } = string.Empty;

    /// <summary>UCUM unit, e.g. <c>s</c> (<c>metric_unit</c>).</summary>
    public string MetricUnit { get; init; } = string.Empty;

    /// <summary>Gauge, sum or histogram (<c>metric_type</c>).</summary>
    public required MetricType MetricType { get; init; }

    /// <summary>The emitting service (<c>service_name</c>).</summary>
    public required string ServiceName { get; init; }

    /// <summary>Resource attributes in order (<c>resource_attributes</c>).</summary>
    public IReadOnlyCollection<KeyValuePair<string, string>> ResourceAttributes { get; init; } = [];

    /// <summary>Instrumentation scope name (<c>scope_name</c>).</summary>
    public string ScopeName { get; init; } = string.Empty;

    /// <summary>Instrumentation scope version (<c>scope_version</c>).</summary>
    public string ScopeVersion { get; init; } = string.Empty;

    /// <summary>Data point attributes in order; together with the name and resource they identify a series (<c>attributes</c>).</summary>
    public IReadOnlyCollection<KeyValuePair<string, string>> Attributes { get; init; } = [];

    /// <summary>Start of the aggregation window in ns since the epoch; null for gauges (<c>start_timestamp</c>).</summary>
    public long? StartTimeUnixNano { get; init; }

    /// <summary>Time of the point in ns since the epoch (<c>timestamp</c>).</summary>
    public required long TimeUnixNano { get; init; }

    /// <summary>Gauge or sum value; null for histograms (<c>value</c>).</summary>
    public double? Value { get; init; }

    /// <summary>Whether a sum only increases; null for gauges and histograms (<c>is_monotonic</c>).</summary>
    public bool? IsMonotonic { get; init; }

    /// <summary>Temporality of sums and histograms; null for gauges (<c>aggregation_temporality</c>).</summary>
    public AggregationTemporality? AggregationTemporality { get; init; }

    /// <summary>Histogram count (<c>count</c>).</summary>
    public long? Count { get; init; }

    /// <summary>Histogram sum (<c>sum</c>).</summary>
    public double? Sum { get; init; }

    /// <summary>Histogram minimum (<c>min</c>).</summary>
    public double? Min { get; init; }

    /// <summary>Histogram maximum (<c>max</c>).</summary>
    public double? Max { get; init; }

    /// <summary>Histogram bucket counts, one more than <see cref="ExplicitBounds"/> (<c>bucket_counts</c>).</summary>
    public IReadOnlyList<long>? BucketCounts { get; init; }

    /// <summary>Histogram bucket upper bounds, ascending (<c>explicit_bounds</c>).</summary>
    public IReadOnlyList<double>? ExplicitBounds { get; init; }

    /// <summary>Structural equality over every property; collections are compared in order.</summary>
    public bool Equals(MetricDataPoint? other) =>
        other is not null &&
        MetricName == other.MetricName && MetricDescription == other.MetricDescription && MetricUnit == other.MetricUnit &&
        MetricType == other.MetricType && ServiceName == other.ServiceName &&
        ScopeName == other.ScopeName && ScopeVersion == other.ScopeVersion &&
        StartTimeUnixNano == other.StartTimeUnixNano && TimeUnixNano == other.TimeUnixNano &&
        Nullable.Equals(Value, other.Value) && IsMonotonic == other.IsMonotonic && AggregationTemporality == other.AggregationTemporality &&
        Count == other.Count && Nullable.Equals(Sum, other.Sum) && Nullable.Equals(Min, other.Min) && Nullable.Equals(Max, other.Max) &&
        ValueEquality.NullableSequenceEqual(BucketCounts, other.BucketCounts) &&
        ValueEquality.NullableSequenceEqual(ExplicitBounds, other.ExplicitBounds) &&
        ValueEquality.SequenceEqual(ResourceAttributes, other.ResourceAttributes) &&
        ValueEquality.SequenceEqual(Attributes, other.Attributes);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(MetricName, ServiceName, TimeUnixNano, MetricType);
}
