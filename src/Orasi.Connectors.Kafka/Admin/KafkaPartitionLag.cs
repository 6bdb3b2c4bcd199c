namespace Orasi.Connectors.Kafka.Admin;

/// <summary>A group's progress on one partition.</summary>
/// <param name="Topic">Topic.</param>
/// <param name="Partition">Partition.</param>
/// <param name="CommittedOffset">The group's committed offset (-1 when none).</param>
/// <param name="HighWatermark">The partition's end offset.</param>
public sealed record KafkaPartitionLag(string Topic, int Partition, long CommittedOffset, long HighWatermark)
{
    /// <summary>Records not yet consumed by the group.</summary>
    public long Lag => Math.Max(0, HighWatermark - Math.Max(0, CommittedOffset));
}
