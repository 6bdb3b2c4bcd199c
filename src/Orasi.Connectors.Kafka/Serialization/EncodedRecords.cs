namespace Orasi.Connectors.Kafka.Serialization;

/// <summary>
/// Keys, values and timestamps (Unix milliseconds, or -1 for "now") of the records one batch (or row range) becomes.
/// <see cref="Pooled"/>: the values were rented from the producer's <see cref="ExactLengthArrayPool"/> and go back to it once produced.
/// </summary>
internal sealed record EncodedRecords(byte[]?[] Keys, byte[][] Values, long[] TimestampsMs, int[] RowCounts, bool Pooled = false)
{
    public int Count => Values.Length;
}
