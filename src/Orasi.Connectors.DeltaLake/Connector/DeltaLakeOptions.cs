using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Orasi.Connectors.Configuration;
using Orasi.Connectors.DeltaLake.Operations;
using Orasi.Connectors.Parquet;

namespace Orasi.Connectors.DeltaLake.Connector;

/// <summary>
/// Options of the Delta Lake connector, the <c>[connectors.deltalake]</c> section of <c>orasi.toml</c> or the
/// <c>DELTALAKE_*</c> environment variables (<c>DELTALAKE_TABLE_PATH</c>, <c>DELTALAKE_STORAGE_OPTIONS</c> as a JSON
/// object, <c>DELTALAKE_PARTITION_BY</c> as a comma-separated list, …), on top of the common connector keys.
/// </summary>
/// <example>
/// <code>
/// [connectors.deltalake]
/// table_path = "s3://lake/traces"
/// storage_options = { aws_region = "eu-west-1" }
/// partition_by = ["event_date"]
/// mode = "append"
/// </code>
/// </example>
public sealed class DeltaLakeOptions : ConnectorOptions
{
    /// <summary>The configuration section name of this connector.</summary>
    public const string ConnectorName = "deltalake";

    /// <summary>Default of <see cref="BufferBytes"/>: 256 MiB of Arrow data per commit.</summary>
    public const long DefaultBufferBytes = 256L * 1024 * 1024;

    /// <summary>The table location: a path, <c>file://</c>, <c>s3://</c> or <c>memory://</c> URI (required).</summary>
    [Required]
    public string? TablePath { get; set; }

    /// <summary>Object store options such as <c>aws_endpoint</c> or <c>aws_region</c>; secrets are never logged.</summary>
    public Dictionary<string, string> StorageOptions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Partition columns of a table the connector creates. Unset: telemetry batches (see
    /// <c>TelemetrySchemas</c>) are partitioned by <c>event_date</c>, other data is not partitioned. An existing
    /// table keeps its partitioning; naming different columns fails the write.
    /// </summary>
    public List<string>? PartitionBy { get; set; }

    /// <summary>
    /// <c>append</c> (default) adds rows; <c>overwrite</c> makes the first commit of a connection replace the
    /// table's rows (later commits of the same connection append).
    /// </summary>
    public DeltaWriteMode Mode { get; set; } = DeltaWriteMode.Append;

    /// <summary>Target size of data files in bytes; unset uses the table's <c>delta.targetFileSize</c> or 128 MiB.</summary>
    [Range(1L, long.MaxValue)]
    public long? TargetFileSize { get; set; }

    /// <summary>Parquet codec of data files: <c>snappy</c> (default), <c>zstd</c>, <c>gzip</c>, <c>lz4</c> or <c>none</c>.</summary>
    public ParquetCompression Compression { get; set; } = ParquetCompression.Snappy;

    /// <summary>What to do when the data's schema differs from the table's: <c>none</c> (fail, default), <c>merge</c> (add columns) or <c>overwrite</c> (with mode overwrite).</summary>
    public DeltaSchemaMode SchemaMode { get; set; } = DeltaSchemaMode.None;

    /// <summary>
    /// Application id for idempotent commits: each commit records a <c>txn</c> action with this id and the next
    /// version after the one already in the table, so a restarted writer can tell what was committed.
    /// </summary>
    public string? AppId { get; set; }

    /// <summary>The <c>delta.checkpointInterval</c> of a table the connector creates; unset leaves the default (10).</summary>
    [Range(1, int.MaxValue)]
    public int? CheckpointInterval { get; set; }

    /// <summary>Table properties (<c>delta.*</c> and others) of a table the connector creates.</summary>
    public Dictionary<string, string> Properties { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Arrow bytes written before the connector commits, alongside <see cref="ConnectorOptions.BatchSize"/> rows (default 256 MiB).</summary>
    [Range(1L, long.MaxValue)]
    public long BufferBytes { get; set; } = DefaultBufferBytes;

    /// <summary>Binds and validates the options from the process environment (defaults, then <c>DELTALAKE_*</c> variables).</summary>
    /// <returns>The validated options.</returns>
    /// <exception cref="ConfigurationValidationException">A value is missing, malformed or out of range.</exception>
    public static new DeltaLakeOptions FromEnvironment() => FromConfiguration(OrasiConfiguration.Load(null));

    /// <summary>Binds and validates the <c>[connectors.deltalake]</c> section (common keys fall back to <c>[connector]</c>).</summary>
    /// <param name="configuration">The configuration root (e.g. from <see cref="OrasiConfiguration.Load"/>) or the section itself.</param>
    /// <returns>The validated options.</returns>
    /// <exception cref="ConfigurationValidationException">A value is missing, malformed or out of range.</exception>
    public static new DeltaLakeOptions FromConfiguration(IConfiguration configuration) =>
        OptionsBinder.Bind<DeltaLakeOptions>(configuration, ConnectorName);

    /// <summary>The table properties to create a table with: <see cref="Properties"/> plus <see cref="CheckpointInterval"/>.</summary>
    /// <returns>The properties, possibly empty.</returns>
    public IReadOnlyDictionary<string, string> TableProperties()
    {
        var properties = new Dictionary<string, string>(Properties, StringComparer.Ordinal);
        if (CheckpointInterval is { } interval)
        {
            properties["delta.checkpointInterval"] = interval.ToString(CultureInfo.InvariantCulture);
        }

        return properties;
    }

    /// <inheritdoc />
    [SuppressMessage("Design", "CA1024:Use properties where appropriate", Justification = "Overrides the base validation hook.")]
    public override IEnumerable<ConfigurationError> Validate()
    {
        if (Mode is not (DeltaWriteMode.Append or DeltaWriteMode.Overwrite))
        {
            yield return new ConfigurationError("mode", "must be append or overwrite");
        }

        if (SchemaMode == DeltaSchemaMode.Overwrite && Mode != DeltaWriteMode.Overwrite)
        {
            yield return new ConfigurationError("schema_mode", "can be overwrite only with mode = \"overwrite\"; use merge to add columns while appending");
        }

        if (PartitionBy is { } partitions && partitions.Any(string.IsNullOrWhiteSpace))
        {
            yield return new ConfigurationError("partition_by", "must not contain empty column names");
        }

        if (AppId is { Length: 0 } || (AppId is not null && string.IsNullOrWhiteSpace(AppId)))
        {
            yield return new ConfigurationError("app_id", "must not be blank; remove it or name the writing application");
        }
    }
}
