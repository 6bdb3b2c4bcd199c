namespace Orasi.Connectors.Kafka.Admin;

/// <summary>A topic as the cluster metadata reports it.</summary>
/// <param name="Name">Topic name.</param>
/// <param name="Partitions">The partitions.</param>
/// <param name="Configs">Topic configuration (empty when the cluster does not answer DescribeConfigs).</param>
public sealed record KafkaTopicInfo(string Name, IReadOnlyList<KafkaPartitionInfo> Partitions, IReadOnlyDictionary<string, string> Configs)
{
    /// <summary>Replication factor (replicas of the first partition).</summary>
    public int ReplicationFactor => Partitions.Count == 0 ? 0 : Partitions[0].Replicas.Count;
}
