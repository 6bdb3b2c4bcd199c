using System.Diagnostics;
using System.Diagnostics.Metrics;
using Orasi.Connectors.Diagnostics;

namespace Orasi.Connectors.DeltaLake.Connector;

/// <summary>The activity source and instruments of the Delta Lake connector (one static instance per process).</summary>
internal static class DeltaLakeTelemetry
{
    /// <summary>Spans <c>deltalake.commit</c> and <c>deltalake.scan</c>.</summary>
    public static readonly ActivitySource Source = OrasiTelemetry.CreateActivitySource("DeltaLake");

    /// <summary>The connector's meter.</summary>
    public static readonly Meter Meter = OrasiTelemetry.CreateMeter("DeltaLake");

    /// <summary>Rows committed to tables.</summary>
    public static readonly Counter<long> RowsWritten = Meter.CreateCounter<long>("orasi.deltalake.rows_written", "{row}", "Rows committed to Delta tables.");

    /// <summary>Data file bytes committed to tables.</summary>
    public static readonly Counter<long> BytesWritten = Meter.CreateCounter<long>("orasi.deltalake.bytes_written", "By", "Data file bytes committed to Delta tables.");

    /// <summary>Commits made.</summary>
    public static readonly Counter<long> Commits = Meter.CreateCounter<long>("orasi.deltalake.commits", "{commit}", "Commits made to Delta tables.");

    /// <summary>Rows read by scans.</summary>
    public static readonly Counter<long> RowsRead = Meter.CreateCounter<long>("orasi.deltalake.rows_read", "{row}", "Rows returned by Delta table scans.");
}
