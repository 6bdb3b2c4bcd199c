namespace Orasi.Connectors.Kafka.Serialization;

/// <summary>Keys, values and timestamps (Unix milliseconds, or -1 for "now") of the records one batch becomes.</summary>
internal sealed record EncodedRecords(byte[]?[] Keys, byte[][] Values, long[] TimestampsMs, int[] RowCounts)
{
    public int Count => Values.Length;
}
