using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Orasi.Connectors.Configuration;

namespace Orasi.Connectors.Kafka.Configuration;

/// <summary>
/// Options of the <c>[connectors.kafka]</c> section (environment <c>KAFKA_BOOTSTRAP_SERVERS</c>, <c>KAFKA_TOPIC</c>,
/// <c>KAFKA_{KEY}</c> in general). Defaults follow the seed: <c>bootstrap_servers = ["localhost:9092"]</c>,
/// <c>topic = "telemetry-data"</c>. The common <c>username</c>/<c>password</c> keys are the SASL credentials.
/// Secrets (<c>password</c>, <c>sasl_password</c>, <c>ssl_key_password</c>, <c>sasl_oauthbearer_client_secret</c>…)
/// are passed to librdkafka and never logged.
/// </summary>
public sealed class KafkaOptions : ConnectorOptions
{
    /// <summary>The configuration section name, <c>kafka</c>.</summary>
    public const string ConnectorName = "kafka";

    /// <summary>The default topic, <c>telemetry-data</c>.</summary>
    public const string DefaultTopic = "telemetry-data";

    /// <summary>Broker addresses (<c>host:port</c>); the environment variable takes a comma-separated list.</summary>
    public IList<string> BootstrapServers { get; set; } = ["localhost:9092"];

    /// <summary>The topic produced to and consumed from.</summary>
    [Required]
    public string Topic { get; set; } = DefaultTopic;

    /// <summary>The client id reported to brokers.</summary>
    public string ClientId { get; set; } = "orasi";

    /// <summary>Consumer group id.</summary>
    public string GroupId { get; set; } = "orasi";

    /// <summary>Value encoding.</summary>
    public KafkaEncoding Encoding { get; set; } = KafkaEncoding.Json;

    /// <summary>One record per row (default) or per batch.</summary>
    public KafkaRecordGranularity RecordGranularity { get; set; } = KafkaRecordGranularity.PerRow;

    /// <summary>What the record key holds.</summary>
    public KafkaKeyStrategy KeyStrategy { get; set; } = KafkaKeyStrategy.TraceId;

    /// <summary>The column whose value is the key when <see cref="KeyStrategy"/> is <c>column</c>.</summary>
    public string? KeyColumn { get; set; }

    /// <summary>Producer compression codec.</summary>
    public KafkaCompression Compression { get; set; } = KafkaCompression.Lz4;

    /// <summary>Idempotent producer (no duplicates or reordering on retries); on by default, implies acks=all.</summary>
    public bool EnableIdempotence { get; set; } = true;

    /// <summary>Acknowledgements: <c>all</c> (default), <c>1</c> or <c>0</c>.</summary>
    public string Acks { get; set; } = "all";

    /// <summary>When set, the producer is transactional with this id.</summary>
    public string? TransactionalId { get; set; }

    /// <summary>How long the producer waits to fill a batch.</summary>
    [Range(0, 900_000)]
    public int LingerMs { get; set; } = 5;

    /// <summary>Local producer queue capacity in messages; when full, produce calls wait (never drop).</summary>
    [Range(1, 10_000_000)]
    public int QueueBufferingMaxMessages { get; set; } = 100_000;

    /// <summary>Largest record the producer sends.</summary>
    [Range(1000, 1_000_000_000)]
    public int MessageMaxBytes { get; set; } = 1_000_000;

    /// <summary>How long a produced record may take to be delivered, retries included.</summary>
    [Range(1, int.MaxValue)]
    public int DeliveryTimeoutMs { get; set; } = 120_000;

    /// <summary>Where a new group starts.</summary>
    public KafkaAutoOffsetReset AutoOffsetReset { get; set; } = KafkaAutoOffsetReset.Earliest;

    /// <summary>Consumer group session timeout.</summary>
    [Range(1, int.MaxValue)]
    public int SessionTimeoutMs { get; set; } = 45_000;

    /// <summary><c>read_committed</c> (default) or <c>read_uncommitted</c>.</summary>
    public string IsolationLevel { get; set; } = "read_committed";

    /// <summary>Transport security.</summary>
    public KafkaSecurityProtocol SecurityProtocol { get; set; } = KafkaSecurityProtocol.Plaintext;

    /// <summary>SASL mechanism when the protocol is SASL.</summary>
    public KafkaSaslMechanism SaslMechanism { get; set; } = KafkaSaslMechanism.Plain;

    /// <summary>SASL user name (falls back to <c>username</c>).</summary>
    public string? SaslUsername { get; set; }

    /// <summary>SASL password (falls back to <c>password</c>). Secret.</summary>
    public string? SaslPassword { get; set; }

    /// <summary>OAUTHBEARER: the OIDC token endpoint; enables librdkafka's built-in OIDC client.</summary>
    public string? SaslOauthbearerTokenEndpointUrl { get; set; }

    /// <summary>OAUTHBEARER: the OIDC client id.</summary>
    public string? SaslOauthbearerClientId { get; set; }

    /// <summary>OAUTHBEARER: the OIDC client secret. Secret.</summary>
    public string? SaslOauthbearerClientSecret { get; set; }

    /// <summary>OAUTHBEARER: requested scope.</summary>
    public string? SaslOauthbearerScope { get; set; }

    /// <summary>OAUTHBEARER: an unsecured-JWT configuration (testing only). Secret.</summary>
    public string? SaslOauthbearerConfig { get; set; }

    /// <summary>PEM file of CA certificates to trust.</summary>
    public string? SslCaLocation { get; set; }

    /// <summary>Client certificate (PEM).</summary>
    public string? SslCertificateLocation { get; set; }

    /// <summary>Client private key (PEM).</summary>
    public string? SslKeyLocation { get; set; }

    /// <summary>Password of the client private key. Secret.</summary>
    public string? SslKeyPassword { get; set; }

    /// <summary>Confluent Schema Registry URL(s), comma-separated.</summary>
    public string? SchemaRegistryUrl { get; set; }

    /// <summary>Schema registry basic auth as <c>user:password</c>. Secret.</summary>
    public string? SchemaRegistryBasicAuthUserInfo { get; set; }

    /// <summary>Subject naming.</summary>
    public KafkaSubjectNameStrategy SubjectNameStrategy { get; set; } = KafkaSubjectNameStrategy.Topic;

    /// <summary>Register schemas on first use (else they must already be registered).</summary>
    public bool AutoRegisterSchemas { get; set; } = true;

    /// <summary>Extra librdkafka properties passed through as is (for example <c>{ "socket.keepalive.enable" = "true" }</c>).</summary>
    public IDictionary<string, string>? Properties { get; set; }

    /// <summary>The bootstrap list as librdkafka wants it (comma-separated).</summary>
    public string BootstrapServersList => string.Join(',', BootstrapServers.Select(s => s.Trim()).Where(s => s.Length > 0));

    /// <summary>Loads from <c>orasi.toml</c>/<c>$ORASI_CONFIG</c> and the process environment.</summary>
    public static new KafkaOptions FromEnvironment() => FromConfiguration(OrasiConfiguration.Load(null));

    /// <summary>Binds and validates the <c>[connectors.kafka]</c> section.</summary>
    /// <param name="configuration">A configuration from <see cref="OrasiConfiguration.Load"/>.</param>
    public static new KafkaOptions FromConfiguration(IConfiguration configuration) =>
        OptionsBinder.Bind<KafkaOptions>(configuration, ConnectorName);

    /// <summary>A shallow copy, for per-command overrides.</summary>
    public KafkaOptions Clone() => (KafkaOptions)MemberwiseClone();

    /// <inheritdoc />
    public override IEnumerable<ConfigurationError> Validate()
    {
        if (!BootstrapServers.Any(s => !string.IsNullOrWhiteSpace(s)))
        {
            yield return new ConfigurationError("bootstrap_servers", "must list at least one host:port broker address");
        }

        if (KeyStrategy == KafkaKeyStrategy.Column && string.IsNullOrWhiteSpace(KeyColumn))
        {
            yield return new ConfigurationError("key_column", "is required when key_strategy is column; name the column whose value becomes the record key");
        }

        if (Acks is not ("all" or "-1" or "0" or "1"))
        {
            yield return new ConfigurationError("acks", $"must be all, 1 or 0, got \"{Acks}\"");
        }

        if (EnableIdempotence && Acks is not ("all" or "-1"))
        {
            yield return new ConfigurationError("acks", "must be all while enable_idempotence is true; set enable_idempotence = false to use weaker acknowledgements");
        }

        if (IsolationLevel is not ("read_committed" or "read_uncommitted"))
        {
            yield return new ConfigurationError("isolation_level", $"must be read_committed or read_uncommitted, got \"{IsolationLevel}\"");
        }

        if (Encoding == KafkaEncoding.Avro && string.IsNullOrWhiteSpace(SchemaRegistryUrl))
        {
            yield return new ConfigurationError("schema_registry_url", "is required when encoding is avro (values carry a registered schema id); set it or use encoding = \"json\"");
        }
    }
}
