using System.Globalization;
using System.Text;
using System.Text.Json;
using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Catalog;

/// <summary>
/// The filesystem ("Hadoop") catalog: a table is the directory <c>warehouse/ns/.../table</c>; a commit writes
/// <c>metadata/v{N+1}.metadata.json</c> with put-if-absent (the atomic step) and then updates
/// <c>metadata/version-hint.text</c>. Works on local paths, <c>file://</c>, <c>s3://</c> and <c>memory://</c>.
/// </summary>
/// <example><code>
/// await using var catalog = new FileSystemCatalog("/data/warehouse");
/// await catalog.CreateNamespaceAsync("db");
/// var table = await catalog.CreateTableAsync(new TableIdentifier("db", "events"), schema);
/// </code></example>
public sealed class FileSystemCatalog : MetastoreCatalog
{
    private const string NamespaceMarker = ".namespace.json";

    /// <summary>Creates a catalog rooted at <paramref name="warehouse"/>.</summary>
    /// <param name="warehouse">The warehouse root: a local path or URI.</param>
    /// <param name="storageOptions">Object store options.</param>
    /// <param name="name">The catalog name.</param>
    public FileSystemCatalog(string warehouse, IReadOnlyDictionary<string, string>? storageOptions = null, string name = "hadoop")
        : base(name, warehouse, storageOptions)
    {
    }

    /// <inheritdoc />
    public override async Task CreateNamespaceAsync(string ns, IReadOnlyDictionary<string, string>? properties = null, CancellationToken cancellationToken = default)
    {
        ValidateNamespace(ns);
        var json = JsonSerializer.SerializeToUtf8Bytes(properties ?? new Dictionary<string, string>());
        if (!await Io.PutIfAbsentAsync(NamespaceDir(ns) + "/" + NamespaceMarker, json, cancellationToken).ConfigureAwait(false))
        {
            throw new ValidationFailedException($"Namespace '{ns}' already exists.");
        }
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<string>> ListNamespacesAsync(string? parent = null, CancellationToken cancellationToken = default)
    {
        var files = await Io.ListOrEmptyAsync(parent is null ? Warehouse : NamespaceDir(parent), cancellationToken).ConfigureAwait(false);
        return files.Where(f => f.EndsWith("/" + NamespaceMarker, StringComparison.Ordinal))
            .Select(f => f[(Warehouse.Length + 1)..^(NamespaceMarker.Length + 1)].Replace('/', '.'))
            .Where(n => parent is null || n.StartsWith(parent + ".", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public override Task<bool> NamespaceExistsAsync(string ns, CancellationToken cancellationToken = default) =>
        Io.ExistsAsync(NamespaceDir(ns) + "/" + NamespaceMarker, cancellationToken);

    /// <inheritdoc />
    public override async Task<IReadOnlyDictionary<string, string>> LoadNamespacePropertiesAsync(string ns, CancellationToken cancellationToken = default)
    {
        var marker = NamespaceDir(ns) + "/" + NamespaceMarker;
        if (!await Io.ExistsAsync(marker, cancellationToken).ConfigureAwait(false))
        {
            throw new TableNotFoundException($"Namespace '{ns}' does not exist in catalog '{Name}'; create it first.");
        }

        var bytes = await Io.ReadAllAsync(marker, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize<Dictionary<string, string>>(bytes.Span) ?? new Dictionary<string, string>();
    }

    /// <inheritdoc />
    public override async Task UpdateNamespacePropertiesAsync(string ns, IReadOnlyList<string>? removals, IReadOnlyDictionary<string, string>? updates, CancellationToken cancellationToken = default)
    {
        var props = new Dictionary<string, string>(await LoadNamespacePropertiesAsync(ns, cancellationToken).ConfigureAwait(false));
        foreach (var k in removals ?? []) props.Remove(k);
        foreach (var (k, v) in updates ?? new Dictionary<string, string>()) props[k] = v;
        await Io.PutAsync(NamespaceDir(ns) + "/" + NamespaceMarker, JsonSerializer.SerializeToUtf8Bytes(props), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task DropNamespaceAsync(string ns, CancellationToken cancellationToken = default)
    {
        if ((await ListTablesAsync(ns, cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            throw new ValidationFailedException($"Namespace '{ns}' still has tables; drop them first.");
        }

        await Io.DeleteAsync(NamespaceDir(ns) + "/" + NamespaceMarker, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<TableIdentifier>> ListTablesAsync(string ns, CancellationToken cancellationToken = default)
    {
        var dir = NamespaceDir(ns);
        var files = await Io.ListOrEmptyAsync(dir, cancellationToken).ConfigureAwait(false);
        return files.Select(f => f[(dir.Length + 1)..].Split('/'))
            .Where(p => p.Length == 3 && p[1] == "metadata" && (p[2] == "version-hint.text" || MetadataFileLocator.VersionOf(p[2]) is not null))
            .Select(p => p[0]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(n => new TableIdentifier(ns, n)).ToList();
    }

    /// <inheritdoc />
    public override Task RenameTableAsync(TableIdentifier from, TableIdentifier to, CancellationToken cancellationToken = default) =>
        throw new UnsupportedFeatureException("The filesystem catalog cannot rename tables (a table is its directory); use the SQL catalog or copy the table.");

    /// <inheritdoc />
    public override async Task<bool> DropTableAsync(TableIdentifier identifier, bool purge = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        if (await CurrentMetadataLocationAsync(identifier, cancellationToken).ConfigureAwait(false) is null)
        {
            return false;
        }

        var root = DefaultTableLocation(identifier);
        await Io.DeleteAllAsync(purge ? root : root + "/metadata", cancellationToken).ConfigureAwait(false);
        return true;
    }

    private protected override async Task<string?> CurrentMetadataLocationAsync(TableIdentifier identifier, CancellationToken cancellationToken)
    {
        var metadataDir = DefaultTableLocation(identifier) + "/metadata";
        var version = await CurrentVersionAsync(metadataDir, cancellationToken).ConfigureAwait(false);
        return version is { } v ? VersionFile(metadataDir, v) : null;
    }

    private protected override async Task<string?> TrySwapAsync(TableIdentifier identifier, string? baseLocation, TableMetadata? baseMetadata, TableMetadata next, CancellationToken cancellationToken)
    {
        var root = DefaultTableLocation(identifier);
        if (!string.Equals(next.Location.TrimEnd('/'), root, StringComparison.Ordinal) && !string.Equals(next.Location, baseMetadata?.Location, StringComparison.Ordinal))
        {
            throw new ValidationFailedException($"The filesystem catalog keeps table '{identifier}' at '{root}'; its location cannot be '{next.Location}'.");
        }

        var metadataDir = root + "/metadata";
        var version = baseLocation is null ? 1 : (MetadataFileLocator.VersionOf(baseLocation[(baseLocation.LastIndexOf('/') + 1)..]) ?? 0) + 1;
        var location = VersionFile(metadataDir, version);
        if (!await Io.PutIfAbsentAsync(location, Serialize(next), cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        await Io.PutAsync(metadataDir + "/version-hint.text", Encoding.UTF8.GetBytes(version.ToString(CultureInfo.InvariantCulture)), cancellationToken).ConfigureAwait(false);
        return location;
    }

    private static string VersionFile(string metadataDir, long version) => $"{metadataDir}/v{version.ToString(CultureInfo.InvariantCulture)}.metadata.json";

    private async Task<long?> CurrentVersionAsync(string metadataDir, CancellationToken cancellationToken)
    {
        long? version = null;
        var hint = metadataDir + "/version-hint.text";
        if (await Io.ExistsAsync(hint, cancellationToken).ConfigureAwait(false))
        {
            var text = Encoding.UTF8.GetString((await Io.ReadAllAsync(hint, cancellationToken).ConfigureAwait(false)).Span).Trim();
            if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && await Io.ExistsAsync(VersionFile(metadataDir, v), cancellationToken).ConfigureAwait(false))
            {
                version = v;
            }
        }

        if (version is null)
        {
            var files = await Io.ListOrEmptyAsync(metadataDir, cancellationToken).ConfigureAwait(false);
            version = files.Select(f => MetadataFileLocator.VersionOf(f[(f.LastIndexOf('/') + 1)..])).Where(v => v is not null).Max();
            if (version is null)
            {
                return null;
            }
        }

        // The hint may lag behind a commit that has not updated it yet: probe forward.
        while (await Io.ExistsAsync(VersionFile(metadataDir, version.Value + 1), cancellationToken).ConfigureAwait(false))
        {
            version++;
        }

        return version;
    }

    private string NamespaceDir(string ns)
    {
        ValidateNamespace(ns);
        return Warehouse + "/" + ns.Replace('.', '/');
    }

    private static void ValidateNamespace(string ns)
    {
        if (string.IsNullOrWhiteSpace(ns) || ns.Contains('/', StringComparison.Ordinal) || ns.Split('.').Any(string.IsNullOrWhiteSpace))
        {
            throw new ValidationFailedException($"Namespace '{ns}' is invalid; use dot-separated non-empty names without '/'.");
        }
    }
}
