using Orasi.Connectors.Diagnostics;

namespace Orasi.Connectors.Iceberg.Connector;

/// <summary>The activity source (spans <c>iceberg.commit</c>, <c>iceberg.scan</c>) and instruments of the Iceberg connector.</summary>
internal static class IcebergTelemetry
{
    public static readonly TableConnectorInstruments Instruments = new("Iceberg", "iceberg", "Iceberg tables");
}
