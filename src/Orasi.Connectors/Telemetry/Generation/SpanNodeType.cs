namespace Orasi.Connectors.Telemetry.Generation;

/// <summary>What a generated span represents; decides its kind, name and attributes.</summary>
internal enum SpanNodeType : byte
{
    /// <summary>An HTTP server span.</summary>
    ServerHttp,

    /// <summary>A gRPC server span.</summary>
    ServerRpc,

    /// <summary>An outgoing HTTP call.</summary>
    ClientHttp,

    /// <summary>An outgoing gRPC call.</summary>
    ClientRpc,

    /// <summary>A database call (leaf).</summary>
    ClientDb,

    /// <summary>In-process work.</summary>
    Internal,

    /// <summary>A message sent to Kafka (leaf).</summary>
    Producer,
}
