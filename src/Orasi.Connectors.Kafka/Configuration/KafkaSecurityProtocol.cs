namespace Orasi.Connectors.Kafka.Configuration;

/// <summary>How clients talk to brokers (<c>security_protocol</c>).</summary>
public enum KafkaSecurityProtocol
{
    /// <summary>Unauthenticated, unencrypted.</summary>
    Plaintext = 0,

    /// <summary>TLS.</summary>
    Ssl = 1,

    /// <summary>SASL over plaintext.</summary>
    SaslPlaintext = 2,

    /// <summary>SASL over TLS.</summary>
    SaslSsl = 3,
}
