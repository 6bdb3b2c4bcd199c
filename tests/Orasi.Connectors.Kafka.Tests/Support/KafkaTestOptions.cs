using Orasi.Connectors.Kafka.Configuration;

namespace Orasi.Connectors.Kafka.Tests.Support;

internal static class KafkaTestOptions
{
    public static KafkaOptions For(string bootstrap, string topic, Action<KafkaOptions>? configure = null)
    {
        var options = new KafkaOptions
        {
            BootstrapServers = [bootstrap],
            Topic = topic,
            TimeoutSeconds = 10,
            SessionTimeoutMs = 6000,
            GroupId = "g-" + Guid.NewGuid().ToString("N"),
            LingerMs = 1,
        };
        configure?.Invoke(options);
        return options;
    }
}
