namespace Orasi.Connectors.Kafka.Admin;

/// <summary>A topic to create.</summary>
/// <param name="Name">Topic name.</param>
/// <param name="Partitions">Partition count.</param>
/// <param name="ReplicationFactor">Replication factor.</param>
/// <param name="Configs">Topic configs such as <c>retention.ms</c>.</param>
public sealed record KafkaTopicSpec(string Name, int Partitions = 1, short ReplicationFactor = 1, IReadOnlyDictionary<string, string>? Configs = null);
