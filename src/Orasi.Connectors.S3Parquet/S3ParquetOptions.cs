using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Orasi.Connectors.Configuration;
using Orasi.Connectors.Parquet;
using Orasi.Connectors.S3Parquet.Partitioning;

namespace Orasi.Connectors.S3Parquet;

/// <summary>
/// Options of the S3 Parquet connector, bound from <c>[connectors.s3_parquet]</c> in TOML or <c>S3_PARQUET_*</c>
/// environment variables. The dataset lives at <see cref="Target"/> (any store URI), or at <c>s3://</c><see cref="Bucket"/>/<see cref="Prefix"/>.
/// </summary>
public sealed class S3ParquetOptions : ConnectorOptions
{
    /// <summary>The connector name used in configuration (<c>s3_parquet</c>).</summary>
    public const string ConnectorName = "s3_parquet";

    /// <summary>The default time partition template (<c>year=/month=/day=/hour=</c>, as in the seed).</summary>
    public const string DefaultPathTemplate = "year={yyyy}/month={MM}/day={dd}/hour={HH}";

    /// <summary>Dataset root as a store URI (<c>s3://bucket/prefix</c>, <c>file:///…</c>, <c>memory://…</c>); overrides bucket/prefix.</summary>
    public string? Target { get; set; }

    /// <summary>S3 bucket, used when <see cref="Target"/> is not set.</summary>
    public string? Bucket { get; set; }

    /// <summary>Key prefix of the dataset in <see cref="Bucket"/>.</summary>
    public string? Prefix { get; set; }

    /// <summary>Columns to partition by (Hive style <c>column=value</c>), outermost first; they are not stored in the data files.</summary>
    public IList<string> PartitionBy { get; set; } = [];

    /// <summary>Timestamp or date column whose value places each row in a time partition; null for no time partitioning.</summary>
    public string? TimePartitionColumn { get; set; }

    /// <summary>Template of the time partition path; tokens <c>{yyyy}</c>, <c>{MM}</c>, <c>{dd}</c>, <c>{HH}</c>, <c>{mm}</c> in UTC.</summary>
    public string PathTemplate { get; set; } = DefaultPathTemplate;

    /// <summary>Start a new file in a partition after this many rows.</summary>
    [Range(1, long.MaxValue)]
    public long MaxRowsPerFile { get; set; } = 1_000_000;

    /// <summary>Start a new file once this many bytes were uploaded (checked at row-group boundaries); 0 for no limit.</summary>
    [Range(0, long.MaxValue)]
    public long MaxBytesPerFile { get; set; } = 512L * 1024 * 1024;

    /// <summary>Close a file (publishing it) once it has been open this many seconds, checked on every write; 0 for no limit.</summary>
    [Range(0, int.MaxValue)]
    public int MaxFileAgeSeconds { get; set; }

    /// <summary>Most files open at once (one per partition); the oldest is closed when a new one is needed. Bounds memory.</summary>
    [Range(1, 10_000)]
    public int MaxOpenFiles { get; set; } = 32;

    /// <summary>Parquet codec: none, snappy, gzip, zstd or lz4.</summary>
    public string Compression { get; set; } = "snappy";

    /// <summary>Codec level (zstd, gzip); null for the codec default.</summary>
    public int? CompressionLevel { get; set; }

    /// <summary>Rows per Parquet row group; a row group is buffered in memory before it is uploaded.</summary>
    [Range(1, int.MaxValue)]
    public int RowGroupSize { get; set; } = 131_072;

    /// <summary>Dictionary-encode columns.</summary>
    public bool EnableDictionary { get; set; } = true;

    /// <summary>Write min/max/null-count statistics used for row-group pruning.</summary>
    public bool WriteStatistics { get; set; } = true;

    /// <summary>Write a JSON manifest per flush (<c>_manifests/…</c>) listing its files with row counts and sizes.</summary>
    public bool WriteManifest { get; set; } = true;

    /// <summary>Write an empty <c>_SUCCESS</c> marker at the dataset root after each flush.</summary>
    public bool WriteSuccessMarker { get; set; }

    /// <summary>
    /// Identity of this writer in object names (<c>part-{writer_id}-{sequence}-{n}.parquet</c>); give a stable id to make
    /// a retried flush overwrite its own files. Null picks a random id per writer.
    /// </summary>
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$")]
    public string? WriterId { get; set; }

    /// <summary>First flush sequence number (resume a stable writer where it left off).</summary>
    [Range(0, long.MaxValue)]
    public long StartSequence { get; set; }

    /// <summary>Extra object store options (delta-rs key names); the S3 keys below override them.</summary>
    public IDictionary<string, string> StorageOptions { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>S3 endpoint for S3-compatible servers (MinIO, moto).</summary>
    public string? Endpoint { get; set; }

    /// <summary>AWS region.</summary>
    public string? Region { get; set; }

    /// <summary>Use path-style requests (<c>endpoint/bucket/key</c>); true by default with a custom endpoint.</summary>
    public bool? PathStyle { get; set; }

    /// <summary>Allow a plain-HTTP endpoint.</summary>
    public bool? AllowHttp { get; set; }

    /// <summary>Access key id; with no keys the profile or the SDK's environment chain is used.</summary>
    public string? AccessKeyId { get; set; }

    /// <summary>Secret access key. Never printed.</summary>
    public string? SecretAccessKey { get; set; }

    /// <summary>Session token of temporary credentials. Never printed.</summary>
    public string? SessionToken { get; set; }

    /// <summary>Named profile of the shared AWS config files.</summary>
    public string? Profile { get; set; }

    /// <summary>Server-side encryption: <c>AES256</c> (SSE-S3) or <c>aws:kms</c> (SSE-KMS).</summary>
    public string? ServerSideEncryption { get; set; }

    /// <summary>KMS key id or ARN for SSE-KMS.</summary>
    public string? SseKmsKeyId { get; set; }

    /// <summary>Storage class of written objects (e.g. <c>STANDARD_IA</c>).</summary>
    public string? StorageClass { get; set; }

    /// <summary>Binds the options from the process environment and <c>orasi.toml</c>.</summary>
    public static new S3ParquetOptions FromEnvironment() => FromConfiguration(OrasiConfiguration.Load(null));

    /// <summary>Binds and validates the options from <c>connectors:s3_parquet</c> of <paramref name="configuration"/>.</summary>
    /// <exception cref="ConfigurationValidationException">A key is missing or invalid.</exception>
    public static new S3ParquetOptions FromConfiguration(IConfiguration configuration) =>
        OptionsBinder.Bind<S3ParquetOptions>(configuration, ConnectorName);

    /// <summary>The dataset root URI from <see cref="Target"/> or bucket/prefix.</summary>
    /// <exception cref="ValidationFailedException">Neither target nor bucket is set.</exception>
    public string ResolveTarget()
    {
        if (!string.IsNullOrWhiteSpace(Target))
        {
            return Target.Trim();
        }

        if (string.IsNullOrWhiteSpace(Bucket))
        {
            throw new ValidationFailedException("The S3 Parquet dataset has no location; set 'target' (e.g. s3://bucket/prefix) or 'bucket' and 'prefix' in [connectors.s3_parquet].");
        }

        var prefix = Prefix?.Trim('/') ?? string.Empty;
        return prefix.Length == 0 ? $"s3://{Bucket}" : $"s3://{Bucket}/{prefix}";
    }

    /// <summary>The object store options: <see cref="StorageOptions"/> overlaid with the explicit S3 keys.</summary>
    public IReadOnlyDictionary<string, string> BuildStorageOptions()
    {
        var result = new Dictionary<string, string>(StorageOptions, StringComparer.OrdinalIgnoreCase);
        void Set(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                result[key] = value;
            }
        }

        Set("aws_endpoint", Endpoint);
        Set("aws_region", Region);
        Set("aws_access_key_id", AccessKeyId ?? Username);
        Set("aws_secret_access_key", SecretAccessKey ?? (AccessKeyId is null && Username is not null ? Password : null));
        Set("aws_session_token", SessionToken);
        Set("aws_profile", Profile);
        Set("aws_server_side_encryption", ServerSideEncryption);
        Set("aws_sse_kms_key_id", SseKmsKeyId);
        Set("aws_storage_class", StorageClass);
        if (PathStyle is { } pathStyle)
        {
            result["aws_virtual_hosted_style_request"] = pathStyle ? "false" : "true";
        }

        if (AllowHttp is { } allowHttp)
        {
            result["aws_allow_http"] = allowHttp ? "true" : "false";
        }
        else if (Endpoint is not null && Endpoint.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            result.TryAdd("aws_allow_http", "true");
        }

        return result;
    }

    /// <summary>The Parquet writer settings from compression, row group, dictionary and statistics keys.</summary>
    /// <exception cref="ValidationFailedException">The codec is unknown.</exception>
    public ParquetWriteOptions BuildParquetOptions() => new()
    {
        Compression = ParseCompression(Compression),
        CompressionLevel = CompressionLevel,
        RowGroupSize = RowGroupSize,
        EnableDictionary = EnableDictionary,
        WriteStatistics = WriteStatistics,
        CreatedBy = "orasi s3_parquet",
    };

    /// <inheritdoc />
    public override IEnumerable<ConfigurationError> Validate()
    {
        if (string.IsNullOrWhiteSpace(Target) && string.IsNullOrWhiteSpace(Bucket))
        {
            yield return new ConfigurationError("target", "is required (or 'bucket'); use a URI like s3://bucket/prefix");
        }

        if (!TryParseCompression(Compression, out _))
        {
            yield return new ConfigurationError("compression", $"'{Compression}' is not a codec; use none, snappy, gzip, zstd or lz4");
        }

        if (TimePartitionColumn is not null)
        {
            string? problem = null;
            try
            {
                _ = TimePathTemplate.Parse(PathTemplate);
            }
            catch (ValidationFailedException ex)
            {
                problem = ex.Message;
            }

            if (problem is not null)
            {
                yield return new ConfigurationError("path_template", problem);
            }
        }

        foreach (var column in PartitionBy.Where(c => string.IsNullOrWhiteSpace(c)))
        {
            yield return new ConfigurationError("partition_by", "holds an empty column name");
        }
    }

    /// <summary>Parses a codec name (none, snappy, gzip, zstd, lz4; case-insensitive).</summary>
    /// <exception cref="ValidationFailedException">The name is not a codec.</exception>
    public static ParquetCompression ParseCompression(string name) =>
        TryParseCompression(name, out var codec)
            ? codec
            : throw new ValidationFailedException($"Compression '{name}' is not a Parquet codec; use none, snappy, gzip, zstd or lz4.");

    private static bool TryParseCompression(string? name, out ParquetCompression codec)
    {
        codec = ParquetCompression.Snappy;
        return name is not null
            && Enum.TryParse(name.Trim() == "uncompressed" ? "None" : name.Trim(), ignoreCase: true, out codec)
            && Enum.IsDefined(codec)
            && !int.TryParse(name, out _);
    }
}
