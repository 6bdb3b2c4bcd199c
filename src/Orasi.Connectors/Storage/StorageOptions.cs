using System.Globalization;
using System.Text;

namespace Orasi.Connectors.Storage;

/// <summary>
/// Typed object-store options, parsed from the same string keys delta-rs and the Rust <c>object_store</c> crate use
/// (<c>aws_endpoint</c>, <c>aws_region</c>, <c>aws_access_key_id</c>…). Keys are case-insensitive; unknown keys are
/// ignored so one dictionary can carry options for several layers. <see cref="ToString"/> never shows secrets.
/// </summary>
public sealed class StorageOptions
{
    /// <summary>The smallest multipart part size S3 accepts (5 MiB).</summary>
    public const long MinimumPartSize = 5L * 1024 * 1024;

    /// <summary>The largest multipart part size S3 accepts (5 GiB).</summary>
    public const long MaximumPartSize = 5L * 1024 * 1024 * 1024;

    private static readonly (string Key, string[] Aliases)[] KnownKeys =
    [
        ("aws_endpoint", ["aws_endpoint", "endpoint", "aws_endpoint_url", "endpoint_url"]),
        ("aws_region", ["aws_region", "region", "aws_default_region"]),
        ("aws_access_key_id", ["aws_access_key_id", "access_key_id"]),
        ("aws_secret_access_key", ["aws_secret_access_key", "secret_access_key"]),
        ("aws_session_token", ["aws_session_token", "session_token", "aws_token", "token"]),
        ("aws_allow_http", ["aws_allow_http", "allow_http"]),
        ("aws_virtual_hosted_style_request", ["aws_virtual_hosted_style_request", "virtual_hosted_style_request"]),
        ("aws_profile", ["aws_profile", "profile"]),
        ("max_retries", ["max_retries", "retry_attempts"]),
        ("retry_base_delay", ["retry_base_delay"]),
        ("retry_max_delay", ["retry_max_delay"]),
        ("timeout", ["timeout", "timeout_seconds"]),
        ("connect_timeout", ["connect_timeout"]),
        ("list_page_size", ["list_page_size"]),
        ("multipart_part_size", ["multipart_part_size", "part_size"]),
        ("read_ahead_size", ["read_ahead_size"]),
        ("aws_server_side_encryption", ["aws_server_side_encryption", "server_side_encryption"]),
        ("aws_sse_kms_key_id", ["aws_sse_kms_key_id", "sse_kms_key_id"]),
        ("aws_storage_class", ["aws_storage_class", "storage_class"]),
    ];

    /// <summary>Options with every default and nothing from the environment.</summary>
    public static StorageOptions Default { get; } = new();

    /// <summary>S3 endpoint for S3-compatible servers (MinIO, moto…); null for AWS. Keys <c>aws_endpoint</c>, <c>endpoint</c>, <c>aws_endpoint_url</c>.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>AWS region (<c>aws_region</c>, <c>region</c>); with an endpoint it is only the signing region (default <c>us-east-1</c>).</summary>
    public string? Region { get; init; }

    /// <summary>Access key id (<c>aws_access_key_id</c>); null to use a profile or the SDK's default credential chain.</summary>
    public string? AccessKeyId { get; init; }

    /// <summary>Secret access key (<c>aws_secret_access_key</c>). Never printed.</summary>
    public string? SecretAccessKey { get; init; }

    /// <summary>Session token of temporary credentials (<c>aws_session_token</c>). Never printed.</summary>
    public string? SessionToken { get; init; }

    /// <summary>Allows a plain-HTTP endpoint (<c>aws_allow_http</c>); false by default, as in delta-rs.</summary>
    public bool AllowHttp { get; init; }

    /// <summary>Uses virtual-hosted-style requests (<c>aws_virtual_hosted_style_request</c>); false means path style when an endpoint is set.</summary>
    public bool VirtualHostedStyleRequest { get; init; }

    /// <summary>Named profile of the shared AWS config/credentials files (<c>aws_profile</c>).</summary>
    public string? Profile { get; init; }

    /// <summary>Retries of a request after a transient failure (<c>max_retries</c>, alias <c>retry_attempts</c>); default 3.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>Base delay of the exponential backoff between retries (<c>retry_base_delay</c>, e.g. <c>100ms</c>); default 100 ms.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest delay between retries (<c>retry_max_delay</c>); default 5 s.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Timeout of one request (<c>timeout</c>, alias <c>timeout_seconds</c>; <c>30s</c>, <c>500ms</c> or seconds); null for the SDK default.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Timeout for opening a connection (<c>connect_timeout</c>); null for the SDK default.</summary>
    public TimeSpan? ConnectTimeout { get; init; }

    /// <summary>Keys per list request (<c>list_page_size</c>, 1 to 1000); default 1000.</summary>
    public int ListPageSize { get; init; } = 1000;

    /// <summary>Part size of streaming multipart uploads (<c>multipart_part_size</c>, e.g. <c>8MiB</c>; 5 MiB to 5 GiB); default 8 MiB.</summary>
    public long MultipartPartSize { get; init; } = 8L * 1024 * 1024;

    /// <summary>Bytes fetched per ranged request by seekable read streams (<c>read_ahead_size</c>); objects up to this size are downloaded whole. Default 4 MiB.</summary>
    public int ReadAheadSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Server-side encryption of written objects (<c>aws_server_side_encryption</c>): <c>AES256</c> (SSE-S3) or
    /// <c>aws:kms</c> (SSE-KMS); null for the bucket's default.
    /// </summary>
    public string? ServerSideEncryption { get; init; }

    /// <summary>KMS key id or ARN for SSE-KMS (<c>aws_sse_kms_key_id</c>); implies <c>aws:kms</c>. Null for the account's default key.</summary>
    public string? SseKmsKeyId { get; init; }

    /// <summary>Storage class of written objects (<c>aws_storage_class</c>, e.g. <c>STANDARD_IA</c>, <c>INTELLIGENT_TIERING</c>); null for STANDARD.</summary>
    public string? StorageClass { get; init; }

    /// <summary>Parses options, falling back to the process's <c>AWS_*</c> environment variables for keys not given.</summary>
    /// <exception cref="ValidationFailedException">A value is invalid; the message names the key.</exception>
    public static StorageOptions Parse(IReadOnlyDictionary<string, string>? options) =>
        Parse(options, Environment.GetEnvironmentVariable);

    /// <summary>
    /// Parses options, falling back to <paramref name="environment"/> (upper-cased <c>aws_*</c> key names such as
    /// <c>AWS_REGION</c>, <c>AWS_ENDPOINT_URL</c>) for keys not given; pass null to ignore the environment.
    /// </summary>
    /// <exception cref="ValidationFailedException">A value is invalid; the message names the key.</exception>
    public static StorageOptions Parse(IReadOnlyDictionary<string, string>? options, Func<string, string?>? environment)
    {
        var given = new Dictionary<string, (string Key, string Value)>(StringComparer.Ordinal);
        if (options is not null)
        {
            foreach (var (rawKey, value) in options)
            {
                var lower = rawKey.Trim().ToLowerInvariant();
                var canonical = KnownKeys.FirstOrDefault(k => k.Aliases.Contains(lower)).Key;
                if (canonical is not null && value is not null)
                {
                    given[canonical] = (rawKey, value);
                }
            }
        }

        if (environment is not null)
        {
            foreach (var (key, aliases) in KnownKeys)
            {
                if (given.ContainsKey(key))
                {
                    continue;
                }

                foreach (var alias in aliases.Where(a => a.StartsWith("aws_", StringComparison.Ordinal)))
                {
                    var name = alias.ToUpperInvariant();
                    var value = environment(name);
                    if (!string.IsNullOrEmpty(value))
                    {
                        given[key] = (name, value);
                        break;
                    }
                }
            }
        }

        string? Text(string key) => given.TryGetValue(key, out var entry) && entry.Value.Trim().Length > 0 ? entry.Value.Trim() : null;
        T Get<T>(string key, T fallback, Func<string, string, T> parse) =>
            given.TryGetValue(key, out var entry) ? parse(entry.Key, entry.Value.Trim()) : fallback;

        var result = new StorageOptions
        {
            Endpoint = Get("aws_endpoint", null, ParseEndpoint),
            Region = Text("aws_region"),
            AccessKeyId = Text("aws_access_key_id"),
            SecretAccessKey = Text("aws_secret_access_key"),
            SessionToken = Text("aws_session_token"),
            AllowHttp = Get("aws_allow_http", false, ParseBool),
            VirtualHostedStyleRequest = Get("aws_virtual_hosted_style_request", false, ParseBool),
            Profile = Text("aws_profile"),
            MaxRetries = Get("max_retries", 3, (k, v) => ParseInt(k, v, 0, 100)),
            RetryBaseDelay = Get("retry_base_delay", TimeSpan.FromMilliseconds(100), ParseDuration),
            RetryMaxDelay = Get("retry_max_delay", TimeSpan.FromSeconds(5), ParseDuration),
            Timeout = Get<TimeSpan?>("timeout", null, (k, v) => ParseDuration(k, v)),
            ConnectTimeout = Get<TimeSpan?>("connect_timeout", null, (k, v) => ParseDuration(k, v)),
            ListPageSize = Get("list_page_size", 1000, (k, v) => ParseInt(k, v, 1, 1000)),
            MultipartPartSize = Get("multipart_part_size", 8L * 1024 * 1024, (k, v) => ParseSize(k, v, MinimumPartSize, MaximumPartSize)),
            ReadAheadSize = Get("read_ahead_size", 4 * 1024 * 1024, (k, v) => (int)ParseSize(k, v, 4096, 256L * 1024 * 1024)),
            ServerSideEncryption = Get<string?>("aws_server_side_encryption", null, ParseServerSideEncryption),
            SseKmsKeyId = Text("aws_sse_kms_key_id"),
            StorageClass = Get<string?>("aws_storage_class", null, (_, v) => v.Length == 0 ? null : v.ToUpperInvariant()),
        };
        result.Validate();
        return result;
    }

    /// <summary>Checks the combination of options (ranges, credentials given in pairs, HTTP allowed for an http endpoint).</summary>
    /// <exception cref="ValidationFailedException">An option is invalid; the message names its key.</exception>
    public void Validate()
    {
        if (Endpoint is not null)
        {
            ParseEndpoint("aws_endpoint", Endpoint.OriginalString);
            if (Endpoint.Scheme == Uri.UriSchemeHttp && !AllowHttp)
            {
                throw new ValidationFailedException(
                    $"The endpoint '{Endpoint}' (key 'aws_endpoint') uses plain HTTP; set 'aws_allow_http' to 'true' to allow it or use https.");
            }
        }

        if ((AccessKeyId is null) != (SecretAccessKey is null))
        {
            var missing = AccessKeyId is null ? "aws_access_key_id" : "aws_secret_access_key";
            throw new ValidationFailedException(
                $"Storage option '{missing}' is missing; give 'aws_access_key_id' and 'aws_secret_access_key' together or neither.");
        }

        if (SessionToken is not null && AccessKeyId is null)
        {
            throw new ValidationFailedException(
                "Storage option 'aws_session_token' was given without 'aws_access_key_id' and 'aws_secret_access_key'; give all three.");
        }

        Check(MaxRetries is >= 0 and <= 100, "max_retries", "must be between 0 and 100");
        Check(RetryBaseDelay >= TimeSpan.Zero, "retry_base_delay", "must not be negative");
        Check(RetryMaxDelay >= RetryBaseDelay, "retry_max_delay", "must be at least 'retry_base_delay'");
        Check(Timeout is null || Timeout > TimeSpan.Zero, "timeout", "must be positive");
        Check(ConnectTimeout is null || ConnectTimeout > TimeSpan.Zero, "connect_timeout", "must be positive");
        Check(ListPageSize is >= 1 and <= 1000, "list_page_size", "must be between 1 and 1000");
        Check(MultipartPartSize is >= MinimumPartSize and <= MaximumPartSize, "multipart_part_size", "must be between 5 MiB and 5 GiB");
        Check(ReadAheadSize >= 4096, "read_ahead_size", "must be at least 4096 bytes");
        Check(ServerSideEncryption is null or "AES256" or "aws:kms", "aws_server_side_encryption", "must be 'AES256' or 'aws:kms'");
        Check(SseKmsKeyId is null || ServerSideEncryption is null or "aws:kms", "aws_sse_kms_key_id", "needs 'aws_server_side_encryption' to be 'aws:kms' (or unset)");
    }

    /// <summary>The options as text with secrets redacted (the access key id shows only its first four characters).</summary>
    public override string ToString()
    {
        var text = new StringBuilder("StorageOptions { ");
        text.Append(CultureInfo.InvariantCulture, $"Endpoint = {Endpoint?.ToString() ?? "(aws)"}, Region = {Region ?? "(default)"}, ");
        text.Append(CultureInfo.InvariantCulture, $"AccessKeyId = {RedactKeyId(AccessKeyId)}, SecretAccessKey = {Redact(SecretAccessKey)}, SessionToken = {Redact(SessionToken)}, ");
        text.Append(CultureInfo.InvariantCulture, $"Profile = {Profile ?? "(none)"}, AllowHttp = {AllowHttp}, VirtualHostedStyleRequest = {VirtualHostedStyleRequest}, ");
        text.Append(CultureInfo.InvariantCulture, $"MaxRetries = {MaxRetries}, RetryBaseDelay = {RetryBaseDelay.TotalMilliseconds}ms, RetryMaxDelay = {RetryMaxDelay.TotalMilliseconds}ms, ");
        text.Append(CultureInfo.InvariantCulture, $"Timeout = {(Timeout is { } t ? $"{t.TotalSeconds}s" : "(default)")}, ConnectTimeout = {(ConnectTimeout is { } c ? $"{c.TotalSeconds}s" : "(default)")}, ");
        text.Append(CultureInfo.InvariantCulture, $"ListPageSize = {ListPageSize}, MultipartPartSize = {MultipartPartSize}, ReadAheadSize = {ReadAheadSize}, ");
        text.Append(CultureInfo.InvariantCulture, $"ServerSideEncryption = {ServerSideEncryption ?? "(default)"}, StorageClass = {StorageClass ?? "(default)"} }}");
        return text.ToString();
    }

    private static string Redact(string? secret) => secret is null ? "(none)" : "***";

    private static string RedactKeyId(string? keyId) =>
        keyId is null ? "(none)" : keyId.Length <= 4 ? "***" : keyId[..4] + "***";

    private static void Check(bool condition, string key, string rule)
    {
        if (!condition)
        {
            throw new ValidationFailedException($"Storage option '{key}' {rule}; fix its value.");
        }
    }

    private static Uri ParseEndpoint(string key, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ValidationFailedException(
                $"Storage option '{key}' value '{value}' is not an http(s) URL; use a form like 'http://127.0.0.1:9000'.");
        }

        return uri;
    }

    private static string? ParseServerSideEncryption(string key, string value) => value.ToLowerInvariant() switch
    {
        "" or "none" => null,
        "aes256" or "sse-s3" or "s3" => "AES256",
        "aws:kms" or "kms" or "sse-kms" => "aws:kms",
        _ => throw new ValidationFailedException($"Storage option '{key}' value '{value}' is not known; use 'AES256' (SSE-S3) or 'aws:kms' (SSE-KMS)."),
    };

    private static bool ParseBool(string key, string value) => value.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" or "" => false,
        _ => throw new ValidationFailedException($"Storage option '{key}' value '{value}' is not a boolean; use 'true' or 'false'."),
    };

    private static int ParseInt(string key, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            throw new ValidationFailedException($"Storage option '{key}' value '{value}' must be a whole number from {min} to {max}.");
        }

        return number;
    }

    private static TimeSpan ParseDuration(string key, string value)
    {
        var (number, unit) = SplitUnit(value);
        double? seconds = double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0
            ? unit switch
            {
                "" or "s" or "sec" or "secs" or "seconds" => n,
                "ms" => n / 1000,
                "m" or "min" or "mins" or "minutes" => n * 60,
                "h" => n * 3600,
                _ => null,
            }
            : null;
        return seconds is { } s
            ? TimeSpan.FromSeconds(s)
            : throw new ValidationFailedException($"Storage option '{key}' value '{value}' is not a duration; use a form like '30s', '500ms' or '2m'.");
    }

    private static long ParseSize(string key, string value, long min, long max)
    {
        var (number, unit) = SplitUnit(value);
        long? multiplier = unit switch
        {
            "" or "b" => 1,
            "k" or "kib" => 1024,
            "kb" => 1000,
            "m" or "mib" => 1024 * 1024,
            "mb" => 1000 * 1000,
            "g" or "gib" => 1024 * 1024 * 1024,
            "gb" => 1000 * 1000 * 1000,
            _ => null,
        };
        if (multiplier is null || !long.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 0)
        {
            throw new ValidationFailedException($"Storage option '{key}' value '{value}' is not a size; use bytes or a form like '8MiB'.");
        }

        var bytes = n * multiplier.Value;
        if (bytes < min || bytes > max)
        {
            throw new ValidationFailedException($"Storage option '{key}' value '{value}' must be between {min} and {max} bytes.");
        }

        return bytes;
    }

    private static (string Number, string Unit) SplitUnit(string value)
    {
        var trimmed = value.Trim();
        var index = 0;
        while (index < trimmed.Length && (char.IsAsciiDigit(trimmed[index]) || trimmed[index] == '.'))
        {
            index++;
        }

        return (trimmed[..index], trimmed[index..].Trim().ToLowerInvariant());
    }
}
