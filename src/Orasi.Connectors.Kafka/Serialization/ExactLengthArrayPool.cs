namespace Orasi.Connectors.Kafka.Serialization;

/// <summary>
/// Byte arrays of exact lengths for record values that live only until librdkafka has copied them (Confluent.Kafka
/// passes <c>RD_KAFKA_MSG_F_COPY</c> and, with delivery-report fields "status", keeps no reference to the value), so
/// the producer's pipeline can reuse them instead of allocating — and promoting through the GC — a new array per
/// record. <c>Message.Value</c> must be an array of exactly the value's length, hence buckets by exact length. Bounded:
/// returns beyond <see cref="_maxBytes"/> are dropped for the GC.
/// </summary>
internal sealed class ExactLengthArrayPool
{
    private const int MaxArrayLength = 64 * 1024;
    private readonly Dictionary<int, Stack<byte[]>> _buckets = [];
    private readonly long _maxBytes;
    private long _pooledBytes;

    public ExactLengthArrayPool(long maxBytes = 32L * 1024 * 1024) => _maxBytes = maxBytes;

    /// <summary>An array of exactly <paramref name="length"/> bytes (contents undefined).</summary>
    public byte[] Rent(int length)
    {
        if (length is > 0 and <= MaxArrayLength)
        {
            lock (_buckets)
            {
                if (_buckets.TryGetValue(length, out Stack<byte[]>? bucket) && bucket.TryPop(out byte[]? array))
                {
                    _pooledBytes -= length;
                    return array;
                }
            }
        }

        return GC.AllocateUninitializedArray<byte>(length);
    }

    /// <summary>Takes <paramref name="arrays"/> back under one lock; the caller must hold no other reference to them.</summary>
    public void ReturnAll(byte[][] arrays)
    {
        lock (_buckets)
        {
            foreach (byte[] array in arrays)
            {
                ReturnLocked(array);
            }
        }
    }

    /// <summary>Takes <paramref name="array"/> back; the caller must hold no other reference to it.</summary>
    public void Return(byte[] array)
    {
        lock (_buckets)
        {
            ReturnLocked(array);
        }
    }

    private void ReturnLocked(byte[] array)
    {
        int length = array.Length;
        if (length is 0 or > MaxArrayLength || _pooledBytes + length > _maxBytes)
        {
            return;
        }

        if (!_buckets.TryGetValue(length, out Stack<byte[]>? bucket))
        {
            _buckets[length] = bucket = new Stack<byte[]>();
        }

        bucket.Push(array);
        _pooledBytes += length;
    }
}
