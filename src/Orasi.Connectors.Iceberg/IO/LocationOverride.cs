using System.Globalization;
using System.Text;
using Orasi.Connectors.Configuration;

namespace Orasi.Connectors.Iceberg.IO;

/// <summary>
/// Object store options (core <c>StorageOptions</c> key names) that apply to every location starting with
/// <see cref="Prefix"/>, merged over the catalog-wide options; for example storage credentials a REST catalog vended
/// for one table. <see cref="ToString"/> redacts secrets.
/// </summary>
internal sealed class LocationOverride
{
    public LocationOverride(string prefix, IReadOnlyDictionary<string, string> options, DateTimeOffset? expiresAt = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        ArgumentNullException.ThrowIfNull(options);
        Prefix = prefix;
        Options = new Dictionary<string, string>(options, StringComparer.Ordinal);
        ExpiresAt = expiresAt;
    }

    /// <summary>The location prefix (e.g. <c>s3://bucket/warehouse/db/events</c>); the longest matching prefix wins.</summary>
    public string Prefix { get; }

    /// <summary>The overriding options (core <c>StorageOptions</c> keys).</summary>
    public IReadOnlyDictionary<string, string> Options { get; }

    /// <summary>When the credentials in <see cref="Options"/> expire, if known.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>Whether the credentials have expired at <paramref name="now"/>.</summary>
    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } e && e <= now;

    /// <summary>The prefix and options with secret values masked.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("LocationOverride { Prefix = ").Append(Prefix).Append(", Options = { ");
        text.AppendJoin(", ", Options.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} = {Redact(o.Key, o.Value)}"));
        text.Append(" }, ExpiresAt = ").Append(ExpiresAt?.ToString("O", CultureInfo.InvariantCulture) ?? "(none)").Append(" }");
        return text.ToString();
    }

    private static string Redact(string key, string value) =>
        key.Contains("access_key_id", StringComparison.OrdinalIgnoreCase)
            ? (value.Length <= 4 ? SecretRedactor.Mask : value[..4] + SecretRedactor.Mask)
            : SecretRedactor.Redact(key, value) ?? "";
}
