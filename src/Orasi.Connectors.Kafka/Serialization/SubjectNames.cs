using Orasi.Connectors.Kafka.Configuration;

namespace Orasi.Connectors.Kafka.Serialization;

/// <summary>Subject naming strategies as Confluent's serializers apply them.</summary>
public static class SubjectNames
{
    /// <summary>The subject for a value (or key) schema.</summary>
    /// <param name="strategy">The strategy.</param>
    /// <param name="topic">The topic.</param>
    /// <param name="recordFullName">The record's full name (namespace.name).</param>
    /// <param name="isKey">True for key schemas.</param>
    public static string For(KafkaSubjectNameStrategy strategy, string topic, string recordFullName, bool isKey = false) => strategy switch
    {
        KafkaSubjectNameStrategy.Record => recordFullName,
        KafkaSubjectNameStrategy.TopicRecord => $"{topic}-{recordFullName}",
        _ => $"{topic}-{(isKey ? "key" : "value")}",
    };
}
