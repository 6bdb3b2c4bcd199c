using Orasi.Connectors.Kafka.Serialization;

namespace Orasi.Connectors.Kafka.Tests.Serialization;

public sealed class ExactLengthArrayPoolTests
{
    [Fact]
    public void Rented_arrays_have_the_exact_length_and_returned_ones_are_reused()
    {
        var pool = new ExactLengthArrayPool();
        byte[] a = pool.Rent(1500);
        Assert.Equal(1500, a.Length);
        pool.Return(a);
        Assert.Same(a, pool.Rent(1500));
        Assert.NotSame(a, pool.Rent(1500)); // taken already: a fresh one
        Assert.Equal(1499, pool.Rent(1499).Length);
        Assert.Empty(pool.Rent(0));
    }

    [Fact]
    public void The_pool_keeps_no_more_than_its_byte_budget()
    {
        var pool = new ExactLengthArrayPool(maxBytes: 2048);
        byte[] first = new byte[1024];
        byte[] second = new byte[1024];
        byte[] third = new byte[1024];
        pool.Return(first);
        pool.Return(second);
        pool.Return(third); // over budget: dropped
        var rented = new HashSet<byte[]>(ReferenceEqualityComparer.Instance) { pool.Rent(1024), pool.Rent(1024), pool.Rent(1024) };
        Assert.Contains(first, rented);
        Assert.Contains(second, rented);
        Assert.DoesNotContain(third, rented);
    }

    [Fact]
    public async Task Producer_ranges_rent_values_only_when_given_a_pool()
    {
        var batch = EncoderGoldenTests.Batch("traces");
        var encoder = new KafkaRecordEncoder(new Orasi.Connectors.Kafka.Configuration.KafkaOptions { BootstrapServers = ["localhost:9092"], Topic = "t" }, null);
        PreparedBatch prepared = await encoder.PrepareAsync(batch, "t", CancellationToken.None);
        var pool = new ExactLengthArrayPool();
        EncodedRecords plain = prepared.Encode(0, 10);
        EncodedRecords pooled = prepared.Encode(0, 10, pool);
        Assert.False(plain.Pooled);
        Assert.True(pooled.Pooled);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(plain.Values[i], pooled.Values[i]);
            pool.Return(pooled.Values[i]);
        }

        // Reused arrays are fully overwritten: encoding again through the pool gives the same bytes.
        EncodedRecords again = prepared.Encode(0, 10, pool);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(plain.Values[i], again.Values[i]);
        }
    }
}
