using System.Text.Json.Nodes;
using Orasi.Connectors.Iceberg.IO;
using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Catalog.Rest;

/// <summary>
/// The FileIO properties of a REST load-table result: the table-level <c>config</c> and the
/// <c>storage-credentials</c> (<c>[{prefix, config}]</c>), turned into <see cref="LocationOverride"/>s for the
/// table's locations. Storage credentials come first; <c>config</c> covers the table's locations no credential prefix
/// covers, and underlies every credential's own config.
/// </summary>
internal sealed class VendedStorageConfig
{
    private readonly IReadOnlyDictionary<string, string> _config;
    private readonly IReadOnlyList<(string Prefix, IReadOnlyDictionary<string, string> Config)> _credentials;

    private VendedStorageConfig(IReadOnlyDictionary<string, string> config, IReadOnlyList<(string Prefix, IReadOnlyDictionary<string, string> Config)> credentials)
    {
        _config = config;
        _credentials = credentials;
    }

    /// <summary>Reads <c>config</c> and <c>storage-credentials</c> from a load-table result.</summary>
    /// <exception cref="FormatException">They have the wrong shape (the message names the field, never a value).</exception>
    public static VendedStorageConfig Parse(JsonObject loadTableResult)
    {
        var config = loadTableResult["config"] is { } c ? Json.StringMap(c, "config") : new Dictionary<string, string>();
        var credentials = new List<(string, IReadOnlyDictionary<string, string>)>();
        if (loadTableResult["storage-credentials"] is { } sc)
        {
            foreach (var item in sc as JsonArray ?? throw new FormatException("storage-credentials must be an array"))
            {
                var o = Json.Obj(item, "storage-credentials[]");
                var prefix = Json.ReqString(o, "prefix", "storage-credentials[]");
                if (string.IsNullOrWhiteSpace(prefix))
                {
                    throw new FormatException("storage-credentials[].prefix must not be empty");
                }

                credentials.Add((prefix, Json.StringMap(Json.Req(o, "config", "storage-credentials[]"), "storage-credentials[].config")));
            }
        }

        return new VendedStorageConfig(config, credentials);
    }

    /// <summary>The overrides for a table with <paramref name="metadata"/> loaded from <paramref name="metadataLocation"/>.</summary>
    public IEnumerable<LocationOverride> Overrides(TableMetadata metadata, string metadataLocation)
    {
        var tableOptions = FileIOProperties.ToStorageOptions(_config);
        var tableExpiry = FileIOProperties.ExpiresAt(_config);
        foreach (var (prefix, config) in _credentials)
        {
            var options = new Dictionary<string, string>(tableOptions, StringComparer.Ordinal);
            foreach (var (k, v) in FileIOProperties.ToStorageOptions(config))
            {
                options[k] = v;
            }

            if (options.Count > 0)
            {
                yield return new LocationOverride(prefix, options, FileIOProperties.ExpiresAt(config) ?? tableExpiry);
            }
        }

        if (tableOptions.Count == 0)
        {
            yield break;
        }

        var roots = new SortedSet<string>(StringComparer.Ordinal) { Directory(metadata.Location + "/"), Directory(metadataLocation) };
        foreach (var key in new[] { "write.data.path", "write.metadata.path", "write.object-storage.path" })
        {
            if (metadata.Properties.TryGetValue(key, out var path) && path.Contains("://", StringComparison.Ordinal))
            {
                roots.Add(Directory(path.TrimEnd('/') + "/"));
            }
        }

        foreach (var root in roots.Where(r => r.Contains("://", StringComparison.Ordinal)))
        {
            if (!_credentials.Any(c => root.StartsWith(c.Prefix, StringComparison.Ordinal)))
            {
                yield return new LocationOverride(root, tableOptions, tableExpiry);
            }
        }
    }

    private static string Directory(string location) => location[..(location.LastIndexOf('/') + 1)];
}
