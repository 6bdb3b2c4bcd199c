namespace Orasi.Connectors.Configuration;

/// <summary>
/// The connector names whose <c>{NAME}_{KEY}</c> environment variables are recognised
/// (deltalake, iceberg, hudi, kafka, s3_parquet, snowflake). Connector packages may register more names at start-up;
/// any <c>[connectors.x]</c> section found in a configuration file is accepted as well.
/// </summary>
public static class KnownConnectors
{
    private static readonly object Gate = new();
    private static string[] names = ["deltalake", "iceberg", "hudi", "kafka", "s3_parquet", "snowflake"];

    /// <summary>The registered connector names, lower-case snake_case.</summary>
    public static IReadOnlyList<string> Names => Volatile.Read(ref names);

    /// <summary>Registers a connector name (lower-case letters, digits and underscores); registering twice is harmless.</summary>
    /// <param name="name">The connector name as it appears in <c>[connectors.&lt;name&gt;]</c>.</param>
    /// <exception cref="ValidationFailedException">The name is empty or contains characters other than a-z, 0-9 and _.</exception>
    public static void Register(string name)
    {
        string normalized = Normalize(name);
        lock (Gate)
        {
            if (names.Contains(normalized, StringComparer.Ordinal))
            {
                return;
            }

            Volatile.Write(ref names, [.. names, normalized]);
        }
    }

    /// <summary>True when <paramref name="name"/> is registered (case-insensitive).</summary>
    /// <param name="name">The connector name.</param>
    public static bool IsKnown(string name) => Names.Contains(name.ToLowerInvariant(), StringComparer.Ordinal);

    internal static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string normalized = name.Trim().ToLowerInvariant();
        if (normalized.Length == 0 || !normalized.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
        {
            throw new ValidationFailedException(
                $"Connector name \"{name}\" is invalid; use lower-case letters, digits and underscores only (for example \"s3_parquet\").");
        }

        return normalized;
    }
}
