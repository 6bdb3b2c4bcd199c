using Orasi.Connectors.Diagnostics;

namespace Orasi.Connectors.DeltaLake.Connector;

/// <summary>The activity source (spans <c>deltalake.commit</c>, <c>deltalake.scan</c>) and instruments of the Delta Lake connector.</summary>
internal static class DeltaLakeTelemetry
{
    public static readonly TableConnectorInstruments Instruments = new("DeltaLake", "deltalake", "Delta tables");
}
