namespace Orasi.Connectors.Kafka.Admin;

/// <summary>One partition of a topic.</summary>
/// <param name="Id">Partition number.</param>
/// <param name="Leader">Leader broker id (-1 when none).</param>
/// <param name="Replicas">Replica broker ids.</param>
/// <param name="InSyncReplicas">In-sync replica broker ids.</param>
public sealed record KafkaPartitionInfo(int Id, int Leader, IReadOnlyList<int> Replicas, IReadOnlyList<int> InSyncReplicas);
