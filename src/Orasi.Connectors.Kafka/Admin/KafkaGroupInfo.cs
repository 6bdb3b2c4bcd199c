namespace Orasi.Connectors.Kafka.Admin;

/// <summary>A consumer group.</summary>
/// <param name="GroupId">Group id.</param>
/// <param name="State">State (Stable, Empty, PreparingRebalance…).</param>
/// <param name="Members">Member client ids with their hosts.</param>
public sealed record KafkaGroupInfo(string GroupId, string State, IReadOnlyList<string> Members);
