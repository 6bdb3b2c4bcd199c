namespace Orasi.Connectors.Kafka.Sink;

/// <summary>What one <see cref="KafkaTableSink.RunAsync"/> did.</summary>
/// <param name="RowsWritten">Rows committed to the table by this run.</param>
/// <param name="Commits">Table commits made.</param>
/// <param name="Conflicts">Flushes discarded because another instance advanced a partition's offsets first (the rows were re-read from the table's offsets).</param>
/// <param name="Offsets">Per partition, the last offset this run committed to the table.</param>
public sealed record KafkaSinkResult(long RowsWritten, int Commits, int Conflicts, IReadOnlyDictionary<int, long> Offsets);
