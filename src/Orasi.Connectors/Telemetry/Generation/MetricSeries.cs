using Orasi.Connectors.Telemetry.Columns;

namespace Orasi.Connectors.Telemetry.Generation;

/// <summary>One generated metric series (instance + metric + attribute set) and its running state.</summary>
internal sealed class MetricSeries
{
    /// <summary>The emitting instance.</summary>
    public required ServiceInstance Instance { get; init; }

    /// <summary>Metric name as UTF-8.</summary>
    public required byte[] Name { get; init; }

    /// <summary>Description as UTF-8.</summary>
    public required byte[] Description { get; init; }

    /// <summary>Unit as UTF-8.</summary>
    public required byte[] Unit { get; init; }

    /// <summary>Gauge, sum or histogram.</summary>
    public required MetricType Type { get; init; }

    /// <summary>How the value moves (see <see cref="MetricRowWriter"/>).</summary>
    public required MetricBehaviour Behaviour { get; init; }

    /// <summary>The series attributes, encoded once.</summary>
    public required EncodedAttributes Attributes { get; init; }

    /// <summary>Current gauge or sum value.</summary>
    public double Value { get; set; }

    /// <summary>Cumulative histogram bucket counts.</summary>
    public long[] Buckets { get; init; } = [];

    /// <summary>Cumulative histogram count.</summary>
    public long Count { get; set; }

    /// <summary>Cumulative histogram sum.</summary>
    public double Sum { get; set; }

    /// <summary>Smallest observation so far.</summary>
    public double Min { get; set; } = double.PositiveInfinity;

    /// <summary>Largest observation so far.</summary>
    public double Max { get; set; } = double.NegativeInfinity;
}
