namespace Orasi.Connectors.Kafka.Sink;

/// <summary>One partition's part of a sink commit.</summary>
/// <param name="Partition">The partition.</param>
/// <param name="ExpectedLast">The last offset the table must still hold for the partition (null: none yet).</param>
/// <param name="Last">The last offset included in this commit.</param>
internal readonly record struct SinkPartitionCommit(int Partition, long? ExpectedLast, long Last);
