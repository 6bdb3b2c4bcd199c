namespace Orasi.Connectors.Kafka.Configuration;

/// <summary>Producer compression codec (<c>compression</c>).</summary>
public enum KafkaCompression
{
    /// <summary>No compression.</summary>
    None = 0,

    /// <summary>gzip.</summary>
    Gzip = 1,

    /// <summary>Snappy.</summary>
    Snappy = 2,

    /// <summary>LZ4 (the default: cheap on CPU, good on telemetry).</summary>
    Lz4 = 3,

    /// <summary>Zstandard.</summary>
    Zstd = 4,
}
