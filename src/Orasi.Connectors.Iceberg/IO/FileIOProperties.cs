using System.Globalization;

namespace Orasi.Connectors.Iceberg.IO;

/// <summary>
/// Maps Iceberg FileIO properties (<c>s3.access-key-id</c>, <c>s3.endpoint</c>, <c>client.region</c>, …, as a REST
/// catalog returns them in a table's <c>config</c> or <c>storage-credentials</c>) onto the core object store option
/// keys, and merges such options over catalog-wide ones.
/// </summary>
internal static class FileIOProperties
{
    /// <summary>The Iceberg property holding the expiry of vended S3 credentials (milliseconds since the epoch).</summary>
    public const string SessionTokenExpiresAtMs = "s3.session-token-expires-at-ms";

    // Groups of core option keys (canonical first, then the aliases StorageOptions accepts) that an override replaces together.
    private static readonly string[][] AliasGroups =
    [
        ["aws_endpoint", "endpoint", "aws_endpoint_url", "endpoint_url"],
        ["aws_region", "region", "aws_default_region"],
        ["aws_access_key_id", "access_key_id"],
        ["aws_secret_access_key", "secret_access_key"],
        ["aws_session_token", "session_token", "aws_token", "token"],
        ["aws_allow_http", "allow_http"],
        ["aws_virtual_hosted_style_request", "virtual_hosted_style_request"],
        ["aws_profile", "profile"],
    ];

    /// <summary>
    /// The core storage options named by Iceberg S3 properties in <paramref name="properties"/> (unknown keys are
    /// ignored); empty when there are none.
    /// </summary>
    public static Dictionary<string, string> ToStorageOptions(IReadOnlyDictionary<string, string>? properties)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (properties is null)
        {
            return result;
        }

        void Copy(string from, string to)
        {
            if (properties.TryGetValue(from, out var v) && !string.IsNullOrWhiteSpace(v))
            {
                result[to] = v.Trim();
            }
        }

        Copy("s3.access-key-id", "aws_access_key_id");
        Copy("s3.secret-access-key", "aws_secret_access_key");
        Copy("s3.session-token", "aws_session_token");
        Copy("client.region", "aws_region");
        Copy("s3.region", "aws_region");
        Copy("s3.endpoint", "aws_endpoint");
        if (result.TryGetValue("aws_endpoint", out var endpoint) && endpoint.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            result["aws_allow_http"] = "true";
        }

        if (properties.TryGetValue("s3.path-style-access", out var pathStyle) && bool.TryParse(pathStyle.Trim(), out var isPathStyle))
        {
            result["aws_virtual_hosted_style_request"] = isPathStyle ? "false" : "true";
        }

        return result;
    }

    /// <summary>The expiry in <c>s3.session-token-expires-at-ms</c>, or null when absent or not a number.</summary>
    public static DateTimeOffset? ExpiresAt(IReadOnlyDictionary<string, string>? properties) =>
        properties is not null && properties.TryGetValue(SessionTokenExpiresAtMs, out var ms)
            && long.TryParse(ms.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            && value is > 0 and < 253402300800000
            ? DateTimeOffset.FromUnixTimeMilliseconds(value)
            : null;

    /// <summary>
    /// <paramref name="overrides"/> merged over <paramref name="baseOptions"/>: every key the override names replaces
    /// the base's value under any alias; when the override brings an access key, the base's secret, session token and
    /// profile are dropped (an empty session token and profile also keep the <c>AWS_*</c> environment out).
    /// </summary>
    public static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string>? baseOptions, IReadOnlyDictionary<string, string> overrides)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var replaced = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in overrides.Keys)
        {
            var group = GroupOf(key);
            if (group is not null)
            {
                replaced.UnionWith(group);
            }

            replaced.Add(key);
        }

        var bringsCredentials = overrides.Keys.Any(k => GroupOf(k) is { } g && g[0] == "aws_access_key_id");
        if (bringsCredentials)
        {
            foreach (var g in AliasGroups.Where(g => g[0] is "aws_secret_access_key" or "aws_session_token" or "aws_profile"))
            {
                replaced.UnionWith(g);
            }
        }

        foreach (var (key, value) in baseOptions ?? new Dictionary<string, string>())
        {
            if (!replaced.Contains(key.Trim()))
            {
                result[key] = value;
            }
        }

        foreach (var (key, value) in overrides)
        {
            result[key] = value;
        }

        if (bringsCredentials)
        {
            result.TryAdd("aws_session_token", "");
            result.TryAdd("aws_profile", "");
        }

        return result;
    }

    private static string[]? GroupOf(string key)
    {
        var k = key.Trim();
        return AliasGroups.FirstOrDefault(g => g.Contains(k, StringComparer.OrdinalIgnoreCase));
    }
}
