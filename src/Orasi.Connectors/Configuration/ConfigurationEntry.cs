namespace Orasi.Connectors.Configuration;

/// <summary>One effective configuration value as shown by <c>orasi config show</c>.</summary>
/// <param name="Key">The dotted key, e.g. <c>connectors.deltalake.table_path</c>; array items end in their index.</param>
/// <param name="Value">The value, or <see cref="SecretRedactor.Mask"/> when <paramref name="IsSecret"/>.</param>
/// <param name="Source">The layer the value came from.</param>
/// <param name="IsSecret">True when the real value is hidden.</param>
public sealed record ConfigurationEntry(string Key, string Value, ConfigurationValueSource Source, bool IsSecret);
