using System.Text.RegularExpressions;

namespace Orasi.Connectors.Configuration;

/// <summary>
/// Decides by key name whether a configuration value is a secret (password, token, access key…) and masks it.
/// Only the last segment of a key path counts (<c>connectors:deltalake:storage_options:aws_secret_access_key</c>
/// is judged by <c>aws_secret_access_key</c>); <c>:</c>, <c>.</c> and <c>__</c> all separate segments and the test
/// ignores case and treats <c>-</c> like <c>_</c>.
/// </summary>
public static partial class SecretRedactor
{
    /// <summary>The text shown in place of a secret value.</summary>
    public const string Mask = "***";

    private static readonly HashSet<string> ExactSecrets = new(StringComparer.Ordinal)
    {
        "password", "passwd", "pwd", "pass", "secret", "token", "key", "credentials", "credential",
        "sasl_password", "sasl_oauthbearer_config", "aws_secret_access_key", "aws_session_token", "private_key",
        "client_secret", "api_key", "apikey", "access_token", "refresh_token", "session_token", "id_token",
        "auth_token", "bearer_token", "sas_token", "connection_string", "account_key", "secret_key", "master_key",
        "ssl_key_password", "ssl_keystore_password", "ssl_truststore_password", "ssl_key_pem", "private_key_passphrase",
        "passphrase", "authorization", "cookie", "signature", "hmac_key", "encryption_key",
    };

    // Keys ending in _key that name a column, field or role rather than holding key material.
    private static readonly HashSet<string> NonSecretKeys = new(StringComparer.Ordinal)
    {
        "partition_key", "key_column", "sort_key", "primary_key", "record_key", "precombine_key", "hash_key",
        "range_key", "routing_key", "message_key", "row_key", "cluster_key", "clustering_key", "merge_key",
        "join_key", "dedup_key", "dedupe_key", "distribution_key", "shard_key", "bucket_key", "idempotency_key",
        "object_key", "s3_key", "kafka_key", "key_field", "key_fields", "key_columns", "key_type", "key_format",
        "key_serializer", "key_deserializer", "key_schema", "key_subject", "key_converter", "public_key",
        "aws_access_key_id", "access_key_id", "ssl_key_location", "private_key_file", "private_key_path",
        "token_endpoint", "token_url", "token_uri", "token_file", "token_path", "password_file", "credentials_file",
        "credentials_path", "secret_name", "secret_arn",
    };

    private static readonly string[] SecretFragments =
    {
        "password", "passwd", "secret", "token", "credential", "passphrase", "private_key", "api_key", "apikey",
    };

    /// <summary>True when the value stored under <paramref name="key"/> must never be shown.</summary>
    /// <param name="key">A key or key path such as <c>password</c>, <c>connector:password</c> or <c>KAFKA_SASL_PASSWORD</c>.</param>
    public static bool IsSecret(string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return false;
        }

        string leaf = LastSegment(key).Replace('-', '_').ToLowerInvariant();
        if (NonSecretKeys.Contains(leaf))
        {
            return false;
        }

        if (ExactSecrets.Contains(leaf) || leaf.EndsWith("_key", StringComparison.Ordinal))
        {
            return true;
        }

        foreach (string fragment in SecretFragments)
        {
            if (leaf.Contains(fragment, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns <see cref="Mask"/> when <paramref name="key"/> is a secret and the value is set, else the value unchanged.</summary>
    /// <param name="key">The key the value belongs to.</param>
    /// <param name="value">The value to show.</param>
    public static string? Redact(string key, string? value) => value is not null && IsSecret(key) ? Mask : value;

    /// <summary>
    /// The value as it may be shown: <see cref="Mask"/> for a secret key (see <see cref="IsSecret"/>); otherwise the value
    /// with any password inside it masked — the password of a URI's user info (<c>postgresql://user:***@host/db</c>) and
    /// <c>Password=…</c> / <c>Pwd=…</c> parts of a keyword connection string.
    /// </summary>
    /// <param name="key">The key the value belongs to.</param>
    /// <param name="value">The value to show.</param>
    public static string? RedactValue(string key, string? value)
    {
        if (value is null || IsSecret(key))
        {
            return Redact(key, value);
        }

        var masked = UriPasswordRegex().Replace(value, m => m.Groups[1].Value + Mask + "@");
        return KeywordPasswordRegex().Replace(masked, m => m.Groups[1].Value + Mask);
    }

    /// <summary>True when any word in <paramref name="text"/> is a secret key name (used to scrub parser messages).</summary>
    internal static bool MentionsSecretKey(string text)
    {
        foreach (Match m in WordRegex().Matches(text))
        {
            if (IsSecret(m.Value))
            {
                return true;
            }
        }

        return false;
    }

    private static string LastSegment(string key)
    {
        int cut = Math.Max(key.LastIndexOf(':'), key.LastIndexOf('.'));
        int dunder = key.LastIndexOf("__", StringComparison.Ordinal);
        if (dunder >= 0 && dunder + 1 > cut)
        {
            cut = dunder + 1;
        }

        return cut >= 0 ? key[(cut + 1)..] : key;
    }

    // scheme://user:password@ — the user part may be empty; the password runs to the last '@' before the host.
    [GeneratedRegex(@"([A-Za-z][A-Za-z0-9+.-]*://[^/?#@:\s]*:)[^/?#\s]*@")]
    private static partial Regex UriPasswordRegex();

    // Password=…; in ADO.NET/libpq keyword strings (Npgsql, SQL Server, Snowflake…), up to the next ';'.
    [GeneratedRegex(@"((?:^|;)\s*(?:password|pwd)\s*=\s*)[^;]*", RegexOptions.IgnoreCase)]
    private static partial Regex KeywordPasswordRegex();

    [GeneratedRegex("[A-Za-z0-9_-]+")]
    private static partial Regex WordRegex();
}
