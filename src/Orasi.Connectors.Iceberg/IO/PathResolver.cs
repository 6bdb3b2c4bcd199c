namespace Orasi.Connectors.Iceberg.IO;

/// <summary>
/// Turns locations written in table metadata into absolute locations: moved tables (paths under the metadata's
/// <c>location</c> when the table was loaded from elsewhere) are rewritten to the actual table root, and relative
/// paths (as some writers produce) are resolved against the table root or a configured base.
/// </summary>
internal sealed class PathResolver
{
    private readonly string? _declaredLocation;
    private readonly string? _actualRoot;
    private readonly string? _relativeBase;

    /// <param name="declaredLocation">The table's <c>location</c> from metadata.</param>
    /// <param name="actualRoot">The absolute table root the metadata was loaded from, or null.</param>
    /// <param name="relativeBase">The absolute base for relative paths that do not start with the declared location, or null.</param>
    public PathResolver(string? declaredLocation, string? actualRoot, string? relativeBase)
    {
        _declaredLocation = declaredLocation is null ? null : Normalize(declaredLocation).TrimEnd('/');
        _actualRoot = actualRoot?.TrimEnd('/');
        _relativeBase = relativeBase?.TrimEnd('/');
    }

    public string Resolve(string location)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        var p = Normalize(location);
        if (_declaredLocation is { Length: > 0 } declared && _actualRoot is not null && !SameRoot(declared, _actualRoot)
            && (p == declared || p.StartsWith(declared + "/", StringComparison.Ordinal)))
        {
            return _actualRoot + p[declared.Length..];
        }

        if (IsAbsolute(p))
        {
            return p;
        }

        if (_relativeBase is not null)
        {
            return _relativeBase + "/" + p;
        }

        if (_actualRoot is not null)
        {
            return _actualRoot + "/" + p;
        }

        throw new ValidationFailedException($"Location '{location}' in the table metadata is relative; load the table with a relative-path base.");
    }

    public static bool IsAbsolute(string location) =>
        location.Contains("://", StringComparison.Ordinal) || Path.IsPathRooted(location);

    private static bool SameRoot(string declared, string actual) =>
        string.Equals(declared, actual, StringComparison.Ordinal)
        || (declared.StartsWith("file://", StringComparison.Ordinal) && string.Equals(declared[7..], actual, StringComparison.Ordinal));

    /// <summary>Strips <c>./</c> and the malformed <c>file://relative</c> form some writers emit.</summary>
    private static string Normalize(string location)
    {
        var p = location;
        if (p.StartsWith("file://", StringComparison.Ordinal) && p.Length > 7 && p[7] != '/')
        {
            p = p[7..];
        }
        else if (p.StartsWith("file:/", StringComparison.Ordinal) && !p.StartsWith("file://", StringComparison.Ordinal))
        {
            p = p[5..];
        }
        else if (p.StartsWith("file:///", StringComparison.Ordinal))
        {
            p = p[7..];
        }

        while (p.StartsWith("./", StringComparison.Ordinal))
        {
            p = p[2..];
        }

        return p;
    }
}
