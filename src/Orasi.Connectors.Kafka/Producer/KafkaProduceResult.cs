namespace Orasi.Connectors.Kafka.Producer;

/// <summary>What happened to the records of one or more produced batches, from the brokers' delivery reports.</summary>
/// <param name="Rows">Arrow rows handed in.</param>
/// <param name="Records">Kafka records enqueued (rows, or batches in per-batch mode).</param>
/// <param name="Delivered">Records acknowledged by the brokers.</param>
/// <param name="Failed">Records that failed for good.</param>
/// <param name="Bytes">Value bytes enqueued.</param>
/// <param name="Failures">The first failures (at most 100), for messages.</param>
public sealed record KafkaProduceResult(long Rows, long Records, long Delivered, long Failed, long Bytes, IReadOnlyList<KafkaDeliveryFailure> Failures)
{
    /// <summary>An empty result.</summary>
    public static KafkaProduceResult Empty { get; } = new(0, 0, 0, 0, 0, []);

    /// <summary>True when every record was delivered.</summary>
    public bool Succeeded => Failed == 0 && Delivered == Records;

    /// <summary>Adds two results.</summary>
    /// <param name="other">The other result.</param>
    public KafkaProduceResult Add(KafkaProduceResult other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Rows + other.Rows, Records + other.Records, Delivered + other.Delivered, Failed + other.Failed,
            Bytes + other.Bytes, [.. Failures.Concat(other.Failures).Take(100)]);
    }

    /// <summary>Throws a <see cref="ConnectorException"/> describing the first failure unless every record was delivered.</summary>
    /// <param name="topic">The topic, for the message.</param>
    public KafkaProduceResult EnsureSuccess(string topic)
    {
        if (!Succeeded)
        {
            string first = Failures.Count > 0 ? $"{Failures[0].ErrorCode}: {Failures[0].Reason}" : "no delivery report";
            throw new ConnectionFailedException(
                $"{Failed} of {Records} Kafka records to topic '{topic}' were not delivered (first error {first}); check the brokers and retry.");
        }

        return this;
    }
}
