namespace Orasi.Connectors.Kafka.Configuration;

/// <summary>Where a group with no committed offset starts (<c>auto_offset_reset</c>).</summary>
public enum KafkaAutoOffsetReset
{
    /// <summary>The oldest retained record.</summary>
    Earliest = 0,

    /// <summary>Only records produced after joining.</summary>
    Latest = 1,

    /// <summary>Fail the read.</summary>
    Error = 2,
}
