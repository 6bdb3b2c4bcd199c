namespace Orasi.Connectors.Kafka.Configuration;

/// <summary>SASL mechanism (<c>sasl_mechanism</c>).</summary>
public enum KafkaSaslMechanism
{
    /// <summary>PLAIN (user name and password).</summary>
    Plain = 0,

    /// <summary>SCRAM-SHA-256.</summary>
    ScramSha256 = 1,

    /// <summary>SCRAM-SHA-512.</summary>
    ScramSha512 = 2,

    /// <summary>OAUTHBEARER (OIDC client credentials through <c>sasl_oauthbearer_*</c>).</summary>
    OAuthBearer = 3,
}
