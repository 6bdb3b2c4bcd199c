namespace Orasi.Connectors.Iceberg.Operations.Maintenance;

/// <summary>
/// Normalizes file locations for reachability checks: <c>file:/p</c>, <c>file:///p</c>, <c>file://localhost/p</c> and
/// the bare path <c>/p</c> are one file; <c>s3a://</c> and <c>s3n://</c> are <c>s3://</c>; repeated slashes and
/// <c>./</c> segments in the path are collapsed; percent escapes in <c>file:</c> URIs are decoded.
/// </summary>
internal static class LocationNormalizer
{
    public static string Normalize(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        var schemeEnd = location.IndexOf(':', StringComparison.Ordinal);
        var scheme = schemeEnd > 1 && location.AsSpan(0, schemeEnd).IndexOfAny('/', '\\') < 0 ? location[..schemeEnd].ToLowerInvariant() : null;
        if (scheme is null)
        {
            return CollapsePath(location.Replace('\\', '/'));
        }

        var rest = location[(schemeEnd + 1)..];
        if (scheme == "file")
        {
            if (rest.StartsWith("//localhost/", StringComparison.OrdinalIgnoreCase)) rest = rest[11..];
            return CollapsePath("/" + Uri.UnescapeDataString(rest).TrimStart('/'));
        }

        if (scheme is "s3a" or "s3n") scheme = "s3";
        if (!rest.StartsWith("//", StringComparison.Ordinal))
        {
            return scheme + ":" + CollapsePath(rest);
        }

        rest = rest[2..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? "/" : CollapsePath(rest[slash..]);
        return scheme + "://" + authority + path;
    }

    private static string CollapsePath(string path)
    {
        var sb = new System.Text.StringBuilder(path.Length);
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '/' && sb.Length > 0 && sb[^1] == '/') continue;
            if (c == '.' && (sb.Length == 0 || sb[^1] == '/') && i + 1 < path.Length && path[i + 1] == '/')
            {
                i++;
                continue;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
