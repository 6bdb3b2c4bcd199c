namespace Orasi.Connectors.Kafka.Producer;

/// <summary>One record the brokers did not accept.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition, when one was chosen.</param>
/// <param name="ErrorCode">librdkafka's error name, such as <c>Local_MsgTimedOut</c>.</param>
/// <param name="Reason">The error's description.</param>
/// <param name="IsFatal">True when the producer cannot continue (a fenced or failed idempotent producer).</param>
public sealed record KafkaDeliveryFailure(string Topic, int? Partition, string ErrorCode, string Reason, bool IsFatal);
