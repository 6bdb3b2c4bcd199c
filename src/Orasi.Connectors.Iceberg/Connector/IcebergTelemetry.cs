using System.Diagnostics;
using System.Diagnostics.Metrics;
using Orasi.Connectors.Diagnostics;

namespace Orasi.Connectors.Iceberg.Connector;

/// <summary>The activity source and instruments of the Iceberg connector (one static instance per process).</summary>
internal static class IcebergTelemetry
{
    /// <summary>Spans <c>iceberg.commit</c> and <c>iceberg.scan</c>.</summary>
    public static readonly ActivitySource Source = OrasiTelemetry.CreateActivitySource("Iceberg");

    /// <summary>The connector's meter.</summary>
    public static readonly Meter Meter = OrasiTelemetry.CreateMeter("Iceberg");

    /// <summary>Rows committed to tables.</summary>
    public static readonly Counter<long> RowsWritten = Meter.CreateCounter<long>("orasi.iceberg.rows_written", "{row}", "Rows committed to Iceberg tables.");

    /// <summary>Data file bytes committed to tables.</summary>
    public static readonly Counter<long> BytesWritten = Meter.CreateCounter<long>("orasi.iceberg.bytes_written", "By", "Data file bytes committed to Iceberg tables.");

    /// <summary>Snapshots committed.</summary>
    public static readonly Counter<long> Commits = Meter.CreateCounter<long>("orasi.iceberg.commits", "{commit}", "Snapshots committed to Iceberg tables.");

    /// <summary>Rows read by scans.</summary>
    public static readonly Counter<long> RowsRead = Meter.CreateCounter<long>("orasi.iceberg.rows_read", "{row}", "Rows returned by Iceberg table scans.");
}
