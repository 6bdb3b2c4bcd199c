using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Orasi.Connectors.Diagnostics;

/// <summary>
/// The activity source and instruments every table connector reports with: rows and bytes committed, commits made and
/// rows read, named <c>orasi.&lt;prefix&gt;.rows_written</c>, <c>.bytes_written</c>, <c>.commits</c> and <c>.rows_read</c>.
/// Create one static instance per connector.
/// </summary>
public sealed class TableConnectorInstruments
{
    /// <summary>Creates the source and meter <c>Orasi.Connectors.&lt;component&gt;</c> and their instruments.</summary>
    /// <param name="component">The component name, for example <c>DeltaLake</c>.</param>
    /// <param name="metricPrefix">The instrument name prefix, for example <c>deltalake</c>.</param>
    /// <param name="tables">What the tables are called in instrument descriptions, for example <c>Delta tables</c>.</param>
    public TableConnectorInstruments(string component, string metricPrefix, string tables)
    {
        Source = OrasiTelemetry.CreateActivitySource(component);
        Meter = OrasiTelemetry.CreateMeter(component);
        RowsWritten = Meter.CreateCounter<long>($"orasi.{metricPrefix}.rows_written", "{row}", $"Rows committed to {tables}.");
        BytesWritten = Meter.CreateCounter<long>($"orasi.{metricPrefix}.bytes_written", "By", $"Data file bytes committed to {tables}.");
        Commits = Meter.CreateCounter<long>($"orasi.{metricPrefix}.commits", "{commit}", $"Commits made to {tables}.");
        RowsRead = Meter.CreateCounter<long>($"orasi.{metricPrefix}.rows_read", "{row}", $"Rows returned by scans of {tables}.");
    }

    /// <summary>The connector's activity source (commit and scan spans).</summary>
    public ActivitySource Source { get; }

    /// <summary>The connector's meter.</summary>
    public Meter Meter { get; }

    /// <summary>Rows committed to tables.</summary>
    public Counter<long> RowsWritten { get; }

    /// <summary>Data file bytes committed to tables.</summary>
    public Counter<long> BytesWritten { get; }

    /// <summary>Commits made.</summary>
    public Counter<long> Commits { get; }

    /// <summary>Rows read by scans.</summary>
    public Counter<long> RowsRead { get; }
}
