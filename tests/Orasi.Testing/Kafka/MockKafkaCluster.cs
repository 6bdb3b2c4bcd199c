using System.Runtime.InteropServices;
using System.Text;

namespace Orasi.Testing.Kafka;

/// <summary>
/// An in-process librdkafka mock cluster: real Kafka protocol on loopback ports, no JVM. Create topics with
/// <see cref="CreateTopic"/> (the mock has no CreateTopics handler), inject faults with <see cref="SetBrokerDown"/>
/// and <see cref="PushRequestErrors"/>. The initial group rebalance delay is 0 so groups form at once.
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    private readonly IntPtr _handle;
    private readonly IntPtr _cluster;
    private int _disposed;

    /// <summary>Starts a cluster of <paramref name="brokers"/> brokers.</summary>
    public MockKafkaCluster(int brokers = 3)
    {
        LibrdkafkaNative.EnsureLoaded();
        BrokerCount = brokers;
        var error = new byte[512];
        IntPtr conf = LibrdkafkaNative.rd_kafka_conf_new();
        LibrdkafkaNative.rd_kafka_conf_set(conf, "log_level", "0", error, (UIntPtr)error.Length);
        _handle = LibrdkafkaNative.rd_kafka_new(0, conf, error, (UIntPtr)error.Length);
        if (_handle == IntPtr.Zero)
        {
            throw new InvalidOperationException("rd_kafka_new failed: " + Encoding.UTF8.GetString(error).TrimEnd('\0'));
        }

        _cluster = LibrdkafkaNative.rd_kafka_mock_cluster_new(_handle, brokers);
        if (_cluster == IntPtr.Zero)
        {
            LibrdkafkaNative.rd_kafka_destroy(_handle);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed.");
        }

        BootstrapServers = Marshal.PtrToStringUTF8(LibrdkafkaNative.rd_kafka_mock_cluster_bootstraps(_cluster))!;
        LibrdkafkaNative.rd_kafka_mock_group_initial_rebalance_delay_ms(_cluster, 0);
    }

    /// <summary>The <c>bootstrap.servers</c> string, such as <c>127.0.0.1:40001,127.0.0.1:40002,…</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>Number of brokers (ids 1..N).</summary>
    public int BrokerCount { get; }

    /// <summary>Creates <paramref name="topic"/> with the given partitions and replication factor.</summary>
    public void CreateTopic(string topic, int partitions = 3, int replicationFactor = 3) =>
        Check(LibrdkafkaNative.rd_kafka_mock_topic_create(_cluster, topic, partitions, replicationFactor), $"create topic {topic}");

    /// <summary>Creates a topic with a unique name starting with <paramref name="prefix"/> and returns the name.</summary>
    public string CreateUniqueTopic(string prefix = "t", int partitions = 3, int replicationFactor = 3)
    {
        string name = $"{prefix}-{Guid.NewGuid():N}";
        CreateTopic(name, partitions, replicationFactor);
        return name;
    }

    /// <summary>Takes broker <paramref name="brokerId"/> down (connections are closed, new ones refused).</summary>
    public void SetBrokerDown(int brokerId) =>
        Check(LibrdkafkaNative.rd_kafka_mock_broker_set_down(_cluster, brokerId), $"set broker {brokerId} down");

    /// <summary>Brings broker <paramref name="brokerId"/> back up.</summary>
    public void SetBrokerUp(int brokerId) =>
        Check(LibrdkafkaNative.rd_kafka_mock_broker_set_up(_cluster, brokerId), $"set broker {brokerId} up");

    /// <summary>Moves the leader of a partition.</summary>
    public void SetPartitionLeader(string topic, int partition, int brokerId) =>
        Check(LibrdkafkaNative.rd_kafka_mock_partition_set_leader(_cluster, topic, partition, brokerId), "set partition leader");

    /// <summary>
    /// Makes the next requests with Kafka API key <paramref name="apiKey"/> (0 = Produce, 1 = Fetch…) fail with the
    /// given Kafka error codes, one per request, on whichever broker receives them.
    /// </summary>
    public void PushRequestErrors(short apiKey, params Confluent.Kafka.ErrorCode[] errors) =>
        LibrdkafkaNative.rd_kafka_mock_push_request_errors_array(
            _cluster, apiKey, (UIntPtr)errors.Length, errors.Select(e => (int)e).ToArray());

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        LibrdkafkaNative.rd_kafka_mock_cluster_destroy(_cluster);
        LibrdkafkaNative.rd_kafka_destroy(_handle);
    }

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            string text = Marshal.PtrToStringUTF8(LibrdkafkaNative.rd_kafka_err2str(error)) ?? error.ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw new InvalidOperationException($"Mock cluster: {what} failed: {text}.");
        }
    }
}
