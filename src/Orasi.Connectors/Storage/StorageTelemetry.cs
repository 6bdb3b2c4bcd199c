using System.Diagnostics;
using System.Diagnostics.Metrics;
using Orasi.Connectors.Diagnostics;

namespace Orasi.Connectors.Storage;

/// <summary>The activity source, meter and counters shared by every object store.</summary>
internal static class StorageTelemetry
{
    /// <summary>Activities for store requests (<c>Orasi.Connectors.Storage</c>).</summary>
    public static readonly ActivitySource Source = OrasiTelemetry.CreateActivitySource("Storage");

    /// <summary>The meter of the stores (<c>Orasi.Connectors.Storage</c>).</summary>
    public static readonly Meter Meter = OrasiTelemetry.CreateMeter("Storage");

    /// <summary>Bytes read from objects.</summary>
    public static readonly Counter<long> BytesRead =
        Meter.CreateCounter<long>("orasi.storage.bytes_read", "By", "Bytes read from object stores.");

    /// <summary>Bytes written to objects.</summary>
    public static readonly Counter<long> BytesWritten =
        Meter.CreateCounter<long>("orasi.storage.bytes_written", "By", "Bytes written to object stores.");

    /// <summary>Store requests (one per operation or, on S3, per HTTP request attempt).</summary>
    public static readonly Counter<long> Requests =
        Meter.CreateCounter<long>("orasi.storage.requests", "{request}", "Object store requests.");

    /// <summary>Retried requests after a transient failure.</summary>
    public static readonly Counter<long> Retries =
        Meter.CreateCounter<long>("orasi.storage.retries", "{retry}", "Object store requests retried after a transient failure.");

    /// <summary>Counts one request of a store kind and operation.</summary>
    public static void CountRequest(string store, string operation) =>
        Requests.Add(1, new KeyValuePair<string, object?>("store", store), new KeyValuePair<string, object?>("operation", operation));

    /// <summary>Counts bytes read by a store kind.</summary>
    public static void CountRead(string store, long bytes)
    {
        if (bytes > 0)
        {
            BytesRead.Add(bytes, new KeyValuePair<string, object?>("store", store));
        }
    }

    /// <summary>Counts bytes written by a store kind.</summary>
    public static void CountWritten(string store, long bytes)
    {
        if (bytes > 0)
        {
            BytesWritten.Add(bytes, new KeyValuePair<string, object?>("store", store));
        }
    }
}
