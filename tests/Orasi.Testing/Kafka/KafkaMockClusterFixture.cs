namespace Orasi.Testing.Kafka;

/// <summary>
/// One 3-broker librdkafka mock cluster shared by a test collection (<see cref="CollectionName"/>). Each test
/// project declares <c>[CollectionDefinition(KafkaMockClusterFixture.CollectionName)] public sealed class
/// KafkaCollection : ICollectionFixture&lt;KafkaMockClusterFixture&gt;;</c>. Tests create uniquely named topics.
/// When <c>KAFKA_BOOTSTRAP_SERVERS</c> is set the fixture still runs the mock; use <see cref="ExternalBootstrapServers"/> for real-cluster tests.
/// </summary>
public sealed class KafkaMockClusterFixture : IDisposable
{
    /// <summary>The conventional collection name.</summary>
    public const string CollectionName = "kafka-mock";

    /// <summary>Starts the cluster.</summary>
    public KafkaMockClusterFixture() => Cluster = new MockKafkaCluster(3);

    /// <summary>The running cluster.</summary>
    public MockKafkaCluster Cluster { get; }

    /// <summary>The cluster's bootstrap string.</summary>
    public string BootstrapServers => Cluster.BootstrapServers;

    /// <summary>A real cluster's bootstrap servers from <c>KAFKA_BOOTSTRAP_SERVERS</c>, or null.</summary>
    public static string? ExternalBootstrapServers => Environment.GetEnvironmentVariable("KAFKA_BOOTSTRAP_SERVERS") is { Length: > 0 } s ? s : null;

    /// <inheritdoc />
    public void Dispose() => Cluster.Dispose();
}
