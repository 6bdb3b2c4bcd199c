namespace Orasi.Connectors.Kafka.Configuration;

/// <summary>How schema registry subjects are named (<c>subject_name_strategy</c>), as in Confluent's serializers.</summary>
public enum KafkaSubjectNameStrategy
{
    /// <summary><c>{topic}-value</c> (and <c>{topic}-key</c>).</summary>
    Topic = 0,

    /// <summary>The record's full name, such as <c>orasi.telemetry.Span</c>.</summary>
    Record = 1,

    /// <summary><c>{topic}-{record full name}</c>.</summary>
    TopicRecord = 2,
}
