using System.Globalization;
using Confluent.Kafka;

namespace Orasi.Connectors.Kafka.Configuration;

/// <summary>Turns <see cref="KafkaOptions"/> into Confluent.Kafka client configurations (security passed through, never logged).</summary>
internal static class KafkaClientConfigs
{
    public static ProducerConfig Producer(KafkaOptions options)
    {
        var config = new ProducerConfig();
        ApplyCommon(config, options);
        config.EnableIdempotence = options.EnableIdempotence;
        config.Acks = options.Acks switch
        {
            "0" => Confluent.Kafka.Acks.None,
            "1" => Confluent.Kafka.Acks.Leader,
            _ => Confluent.Kafka.Acks.All,
        };
        config.CompressionType = options.Compression switch
        {
            KafkaCompression.Gzip => CompressionType.Gzip,
            KafkaCompression.Snappy => CompressionType.Snappy,
            KafkaCompression.Lz4 => CompressionType.Lz4,
            KafkaCompression.Zstd => CompressionType.Zstd,
            _ => CompressionType.None,
        };
        config.LingerMs = options.LingerMs;
        config.QueueBufferingMaxMessages = options.QueueBufferingMaxMessages;
        config.MessageMaxBytes = options.MessageMaxBytes;
        config.MessageTimeoutMs = options.DeliveryTimeoutMs;
        config.TransactionalId = string.IsNullOrWhiteSpace(options.TransactionalId) ? null : options.TransactionalId;
        if (config.TransactionalId is not null)
        {
            // librdkafka requires message.timeout.ms <= transaction.timeout.ms.
            config.TransactionTimeoutMs = Math.Max(60_000, options.DeliveryTimeoutMs);
        }
        config.EnableDeliveryReports = true;
        // Reports are only counted (status, topic, partition): not marshalling the key back keeps librdkafka from
        // pinning every in-flight key and saves an allocation per report.
        config.DeliveryReportFields = "status";
        ApplyProperties(config, options);
        return config;
    }

    public static ConsumerConfig Consumer(KafkaOptions options, string? groupId = null)
    {
        var config = new ConsumerConfig();
        ApplyCommon(config, options);
        config.GroupId = groupId ?? options.GroupId;
        config.EnableAutoCommit = false;
        config.EnableAutoOffsetStore = false;
        config.AutoOffsetReset = options.AutoOffsetReset switch
        {
            KafkaAutoOffsetReset.Latest => Confluent.Kafka.AutoOffsetReset.Latest,
            KafkaAutoOffsetReset.Error => Confluent.Kafka.AutoOffsetReset.Error,
            _ => Confluent.Kafka.AutoOffsetReset.Earliest,
        };
        config.SessionTimeoutMs = options.SessionTimeoutMs;
        config.IsolationLevel = options.IsolationLevel == "read_uncommitted"
            ? Confluent.Kafka.IsolationLevel.ReadUncommitted
            : Confluent.Kafka.IsolationLevel.ReadCommitted;
        config.PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky;
        ApplyProperties(config, options);
        return config;
    }

    public static AdminClientConfig Admin(KafkaOptions options)
    {
        var config = new AdminClientConfig();
        ApplyCommon(config, options);
        config.Set("allow.auto.create.topics", "false"); // describing a topic must not create it
        ApplyProperties(config, options);
        return config;
    }

    private static void ApplyCommon(ClientConfig config, KafkaOptions options)
    {
        config.BootstrapServers = options.BootstrapServersList;
        config.ClientId = options.ClientId;
        config.SocketTimeoutMs = Math.Max(10, options.TimeoutSeconds * 1000);
        config.SecurityProtocol = options.SecurityProtocol switch
        {
            KafkaSecurityProtocol.Ssl => Confluent.Kafka.SecurityProtocol.Ssl,
            KafkaSecurityProtocol.SaslPlaintext => Confluent.Kafka.SecurityProtocol.SaslPlaintext,
            KafkaSecurityProtocol.SaslSsl => Confluent.Kafka.SecurityProtocol.SaslSsl,
            _ => Confluent.Kafka.SecurityProtocol.Plaintext,
        };
        if (options.SecurityProtocol is KafkaSecurityProtocol.SaslPlaintext or KafkaSecurityProtocol.SaslSsl)
        {
            config.SaslMechanism = options.SaslMechanism switch
            {
                KafkaSaslMechanism.ScramSha256 => Confluent.Kafka.SaslMechanism.ScramSha256,
                KafkaSaslMechanism.ScramSha512 => Confluent.Kafka.SaslMechanism.ScramSha512,
                KafkaSaslMechanism.OAuthBearer => Confluent.Kafka.SaslMechanism.OAuthBearer,
                _ => Confluent.Kafka.SaslMechanism.Plain,
            };
            config.SaslUsername = options.SaslUsername ?? options.Username;
            config.SaslPassword = options.SaslPassword ?? options.Password;
            if (options.SaslMechanism == KafkaSaslMechanism.OAuthBearer)
            {
                if (!string.IsNullOrWhiteSpace(options.SaslOauthbearerTokenEndpointUrl))
                {
                    config.SaslOauthbearerMethod = SaslOauthbearerMethod.Oidc;
                    config.SaslOauthbearerTokenEndpointUrl = options.SaslOauthbearerTokenEndpointUrl;
                    config.SaslOauthbearerClientId = options.SaslOauthbearerClientId;
                    config.SaslOauthbearerClientSecret = options.SaslOauthbearerClientSecret;
                    config.SaslOauthbearerScope = options.SaslOauthbearerScope;
                }

                config.SaslOauthbearerConfig = options.SaslOauthbearerConfig;
            }
        }

        config.SslCaLocation = options.SslCaLocation;
        config.SslCertificateLocation = options.SslCertificateLocation;
        config.SslKeyLocation = options.SslKeyLocation;
        config.SslKeyPassword = options.SslKeyPassword;
    }

    private static void ApplyProperties(ClientConfig config, KafkaOptions options)
    {
        if (options.Properties is null)
        {
            return;
        }

        foreach (var (key, value) in options.Properties)
        {
            config.Set(key, value);
        }
    }

    /// <summary>A description of the connection without secrets, for logs and errors.</summary>
    public static string Describe(KafkaOptions options) => string.Create(
        CultureInfo.InvariantCulture,
        $"bootstrap servers {options.BootstrapServersList} ({options.SecurityProtocol.ToString().ToLowerInvariant()})");
}
