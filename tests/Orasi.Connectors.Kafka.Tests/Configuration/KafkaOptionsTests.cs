using Orasi.Connectors.Configuration;
using Orasi.Connectors.Kafka.Configuration;

namespace Orasi.Connectors.Kafka.Tests.Configuration;

public sealed class KafkaOptionsTests
{
    [Fact]
    public void Defaults_follow_the_seed()
    {
        var options = KafkaOptions.FromConfiguration(OrasiConfiguration.Load(null, new Dictionary<string, string>()));
        Assert.Equal(["localhost:9092"], options.BootstrapServers);
        Assert.Equal("telemetry-data", options.Topic);
        Assert.True(options.EnableIdempotence);
        Assert.Equal("all", options.Acks);
    }

    [Fact]
    public void Environment_overrides_bootstrap_servers_and_topic()
    {
        var env = new Dictionary<string, string>
        {
            ["KAFKA_BOOTSTRAP_SERVERS"] = "a:1,b:2",
            ["KAFKA_TOPIC"] = "spans",
            ["KAFKA_ENCODING"] = "avro",
            ["KAFKA_SCHEMA_REGISTRY_URL"] = "http://registry:8081",
            ["KAFKA_COMPRESSION"] = "zstd",
        };
        var options = KafkaOptions.FromConfiguration(OrasiConfiguration.Load(null, env));
        Assert.Equal(["a:1", "b:2"], options.BootstrapServers);
        Assert.Equal("a:1,b:2", options.BootstrapServersList);
        Assert.Equal("spans", options.Topic);
        Assert.Equal(KafkaEncoding.Avro, options.Encoding);
        Assert.Equal(KafkaCompression.Zstd, options.Compression);
    }

    [Fact]
    public void Avro_without_a_registry_and_weak_acks_with_idempotence_are_rejected()
    {
        var env = new Dictionary<string, string> { ["KAFKA_ENCODING"] = "avro", ["KAFKA_ACKS"] = "1" };
        var ex = Assert.Throws<ConfigurationValidationException>(() => KafkaOptions.FromConfiguration(OrasiConfiguration.Load(null, env)));
        Assert.Contains("schema_registry_url", ex.Message, StringComparison.Ordinal);
        Assert.Contains("acks", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Security_options_reach_librdkafka_and_secrets_are_not_shown()
    {
        var options = new KafkaOptions
        {
            SecurityProtocol = KafkaSecurityProtocol.SaslSsl,
            SaslMechanism = KafkaSaslMechanism.ScramSha512,
            Username = "alice",
            Password = "s3cret-pw",
            SslCaLocation = "/ca.pem",
            SslKeyPassword = "key-pw",
        };
        var config = KafkaClientConfigs.Producer(options);
        Assert.Equal(Confluent.Kafka.SecurityProtocol.SaslSsl, config.SecurityProtocol);
        Assert.Equal(Confluent.Kafka.SaslMechanism.ScramSha512, config.SaslMechanism);
        Assert.Equal("alice", config.SaslUsername);
        Assert.Equal("s3cret-pw", config.SaslPassword);
        Assert.Equal("/ca.pem", config.SslCaLocation);
        Assert.True(config.EnableIdempotence);
        Assert.Equal(Confluent.Kafka.Acks.All, config.Acks);
        Assert.DoesNotContain("s3cret", KafkaClientConfigs.Describe(options), StringComparison.Ordinal);
        Assert.True(SecretRedactor.IsSecret("sasl_password"));
        Assert.True(SecretRedactor.IsSecret("ssl_key_password"));
        Assert.True(SecretRedactor.IsSecret("sasl_oauthbearer_client_secret"));
    }
}
