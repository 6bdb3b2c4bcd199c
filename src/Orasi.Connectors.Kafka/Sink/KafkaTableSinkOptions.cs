using Apache.Arrow;
using Orasi.Connectors.Iceberg.Connector;

namespace Orasi.Connectors.Kafka.Sink;

/// <summary>Where and how a <see cref="KafkaTableSink"/> writes, and when it flushes and stops.</summary>
public sealed record KafkaTableSinkOptions
{
    /// <summary>The table location (path, <c>file://</c>, <c>s3://</c>…); created on the first flush when missing.</summary>
    public required string TableUri { get; init; }

    /// <summary>The table format (default Delta).</summary>
    public KafkaSinkTableFormat Format { get; init; } = KafkaSinkTableFormat.Delta;

    /// <summary>
    /// Iceberg only: the catalog (filesystem, sql or rest), namespace and table to write, with the partitioning and
    /// properties of a table the sink creates. Null: <see cref="TableUri"/> is a filesystem-catalog table location
    /// <c>&lt;warehouse&gt;/&lt;namespace&gt;/&lt;table&gt;</c> (the layout <c>orasi iceberg create</c> uses), partitioned by
    /// <see cref="PartitionBy"/> or, for telemetry, <c>day(timestamp)</c>. When set, <see cref="TableUri"/> only names the table in messages.
    /// </summary>
    public IcebergOptions? Iceberg { get; init; }

    /// <summary>The topic (default: the Kafka options' topic).</summary>
    public string? Topic { get; init; }

    /// <summary>The consumer group (default: the Kafka options' <c>group_id</c>); part of the offsets' application ids.</summary>
    public string? GroupId { get; init; }

    /// <summary>
    /// The Arrow schema records are decoded into. Default: the table's schema when the table exists (the matching
    /// telemetry schema when its columns are a telemetry schema's), else <c>TelemetrySchemas.Traces</c>.
    /// </summary>
    public Schema? Schema { get; init; }

    /// <summary>Partition columns when the sink creates the table (Iceberg: partition expressions such as <c>day(timestamp)</c>).</summary>
    public IReadOnlyList<string>? PartitionBy { get; init; }

    /// <summary>Object store options of the table.</summary>
    public IReadOnlyDictionary<string, string>? StorageOptions { get; init; }

    /// <summary>Flush (commit) once this many rows are buffered.</summary>
    public long FlushRows { get; init; } = 100_000;

    /// <summary>Flush once the buffered Arrow data reaches this many bytes.</summary>
    public long FlushBytes { get; init; } = 128L * 1024 * 1024;

    /// <summary>Flush when the oldest buffered row has waited this long.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Most records taken from Kafka per poll.</summary>
    public int MaxPollRecords { get; init; } = 10_000;

    /// <summary>How long one poll waits for records.</summary>
    public TimeSpan PollWait { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Stop after this run has committed at least this many rows (null: no limit).</summary>
    public long? MaxRows { get; init; }

    /// <summary>Stop (after flushing) when no record arrived for this long (null: run until cancelled).</summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>Receives one line per assignment change, commit and discarded flush (progress and diagnostics); null for none.</summary>
    public Action<string>? Log { get; init; }
}
