using System.Globalization;
using System.Text.RegularExpressions;
using Orasi.Connectors.Iceberg.IO;

namespace Orasi.Connectors.Iceberg.Catalog;

/// <summary>
/// The filesystem ("Hadoop") catalog's read side: a table directory holds <c>metadata/vN.metadata.json</c> (or
/// <c>vN.gz.metadata.json</c>, or <c>NNNNN-uuid.metadata.json</c>) and optionally <c>metadata/version-hint.text</c>.
/// </summary>
internal static partial class MetadataFileLocator
{
    /// <summary>Finds the current metadata file of a table location (a table directory or a metadata file).</summary>
    /// <returns>The metadata file location and the table root directory.</returns>
    /// <exception cref="TableNotFoundException">No metadata file is found.</exception>
    public static async Task<(string MetadataFile, string TableRoot)> ResolveAsync(IcebergFileIO io, string location, CancellationToken cancellationToken)
    {
        var normalized = Normalize(location);
        if (normalized.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            if (!await io.ExistsAsync(normalized, cancellationToken).ConfigureAwait(false))
            {
                throw new TableNotFoundException($"Iceberg metadata file '{location}' does not exist; check the path.");
            }

            var dir = Parent(normalized);
            var root = dir.EndsWith("/metadata", StringComparison.Ordinal) ? Parent(dir) : dir;
            return (normalized, root);
        }

        var tableRoot = normalized.TrimEnd('/');
        var metadataDir = tableRoot + "/metadata";
        var hint = metadataDir + "/version-hint.text";
        if (await io.ExistsAsync(hint, cancellationToken).ConfigureAwait(false))
        {
            var text = System.Text.Encoding.UTF8.GetString((await io.ReadAllAsync(hint, cancellationToken).ConfigureAwait(false)).Span).Trim();
            var candidates = int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var version)
                ? new[] { $"v{version}.metadata.json", $"v{version}.gz.metadata.json", $"v{version}.metadata.json.gz" }
                : new[] { text };
            foreach (var c in candidates)
            {
                var candidate = c.Contains('/', StringComparison.Ordinal) ? c : metadataDir + "/" + c;
                if (await io.ExistsAsync(candidate, cancellationToken).ConfigureAwait(false))
                {
                    return (candidate, tableRoot);
                }
            }
        }

        IReadOnlyList<string> files;
        try
        {
            files = await io.ListAsync(metadataDir, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException or IOException)
        {
            files = [];
        }

        var best = files
            .Select(f => (File: f, Version: VersionOf(f[(f.LastIndexOf('/') + 1)..])))
            .Where(x => x.Version is not null)
            .OrderByDescending(x => x.Version)
            .FirstOrDefault();
        if (best.File is null)
        {
            throw new TableNotFoundException($"No Iceberg table at '{location}': '{metadataDir}' has no metadata files; check the table location.");
        }

        return (best.File, tableRoot);
    }

    /// <summary>The version of a metadata file name (<c>v12.metadata.json</c>, <c>v3.gz.metadata.json</c>, <c>00012-uuid.metadata.json</c>), or null.</summary>
    internal static long? VersionOf(string name)
    {
        var m = VersionPattern().Match(name);
        return m.Success ? long.Parse(m.Groups["v"].Value, CultureInfo.InvariantCulture) : null;
    }

    private static string Normalize(string location)
    {
        if (location.Contains("://", StringComparison.Ordinal))
        {
            return location;
        }

        return Path.GetFullPath(location).Replace('\\', '/');
    }

    private static string Parent(string path)
    {
        var trimmed = path.TrimEnd('/');
        var i = trimmed.LastIndexOf('/');
        return i <= 0 ? trimmed : trimmed[..i];
    }

    [GeneratedRegex(@"^(?:v(?<v>\d+)|(?<v>\d+)-[^.]+)(?:\.gz)?\.metadata\.json(?:\.gz)?$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}
