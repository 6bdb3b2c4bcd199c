using System.Text;

namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>
/// The paths in file actions are RFC 2396 URIs: relative ones are percent-encoded paths from the table root, absolute
/// ones carry a scheme. These helpers decode them into store paths and encode store paths back.
/// </summary>
public static class DeltaPaths
{
    /// <summary>True when <paramref name="path"/> is an absolute URI (it starts with a scheme such as <c>s3:</c> or <c>file:</c>).</summary>
    public static bool IsAbsolute(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var colon = path.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !char.IsAsciiLetter(path[0]))
        {
            return false;
        }

        for (var i = 1; i < colon; i++)
        {
            var c = path[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Decodes a relative action path into a store path (percent-escapes removed, no leading slash).</summary>
    public static string DecodeRelative(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Uri.UnescapeDataString(path).TrimStart('/');
    }

    /// <summary>
    /// Resolves an action path to a path inside the table's store: relative paths are decoded; absolute URIs below
    /// <paramref name="tableRoot"/> are made relative. Returns null for an absolute URI outside the table.
    /// </summary>
    public static string? ToTablePath(string path, Uri tableRoot)
    {
        ArgumentNullException.ThrowIfNull(tableRoot);
        if (!IsAbsolute(path))
        {
            return DecodeRelative(path);
        }

        var absolute = ToAbsoluteUri(path, tableRoot);
        var root = EnsureTrailingSlash(tableRoot);
        if (!string.Equals(absolute.Scheme, root.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(absolute.Authority, root.Authority, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rootPath = Uri.UnescapeDataString(root.AbsolutePath);
        var filePath = Uri.UnescapeDataString(absolute.AbsolutePath);
        return filePath.StartsWith(rootPath, StringComparison.Ordinal) ? filePath[rootPath.Length..] : null;
    }

    /// <summary>The absolute URI of an action path for a table rooted at <paramref name="tableRoot"/>.</summary>
    public static Uri ToAbsoluteUri(string path, Uri tableRoot)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tableRoot);
        if (IsAbsolute(path))
        {
            // Hadoop writes local files as file:/path (no authority); System.Uri wants file:///path.
            if (path.StartsWith("file:/", StringComparison.OrdinalIgnoreCase) && !path.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
            {
                path = "file:///" + path["file:/".Length..];
            }

            return Uri.TryCreate(path, UriKind.Absolute, out var uri)
                ? uri
                : throw new CorruptDataException($"The path '{path}' in the Delta log of '{tableRoot}' is not a valid absolute URI; the log is corrupt.");
        }

        return new Uri(EnsureTrailingSlash(tableRoot), path.TrimStart('/'));
    }

    /// <summary>Percent-encodes a store path for use as a relative action path (keeps <c>/</c>, <c>=</c> and other URI path characters).</summary>
    public static string EscapeRelativePath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var sb = new StringBuilder(path.Length + 8);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in path.EnumerateRunes())
        {
            if (rune.IsAscii && IsPathChar((char)rune.Value))
            {
                sb.Append((char)rune.Value);
                continue;
            }

            var n = rune.EncodeToUtf8(utf8);
            for (var i = 0; i < n; i++)
            {
                sb.Append('%').Append(utf8[i].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    /// <summary>Returns <paramref name="uri"/> with a trailing slash so relative paths resolve below it.</summary>
    public static Uri EnsureTrailingSlash(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var text = uri.OriginalString;
        return text.EndsWith('/') ? uri : new Uri(text + "/", UriKind.Absolute);
    }

    private static bool IsPathChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or ';' or '=' or ':' or '@' or '/';
}
