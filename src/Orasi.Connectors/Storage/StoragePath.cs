using System.Text;

namespace Orasi.Connectors.Storage;

/// <summary>
/// Joins and normalizes object-store paths: <c>/</c>-separated, relative to a store's root, no leading or trailing
/// slash, no empty, <c>.</c> or <c>..</c> segments.
/// </summary>
public static class StoragePath
{
    /// <summary>
    /// Joins path parts with <c>/</c>, collapsing duplicate slashes and trimming leading and trailing ones.
    /// Empty parts are skipped, so <c>Join("a/", "/b", "", "c")</c> is <c>a/b/c</c>.
    /// </summary>
    /// <exception cref="ValidationFailedException">A part contains a <c>.</c> or <c>..</c> segment.</exception>
    public static string Join(params ReadOnlySpan<string?> parts)
    {
        var builder = new StringBuilder();
        foreach (var part in parts)
        {
            if (string.IsNullOrEmpty(part))
            {
                continue;
            }

            foreach (var segment in part.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                CheckSegment(segment, part);
                if (builder.Length > 0)
                {
                    builder.Append('/');
                }

                builder.Append(segment);
            }
        }

        return builder.ToString();
    }

    /// <summary>Normalizes one path: collapses duplicate slashes and trims leading and trailing ones.</summary>
    /// <exception cref="ValidationFailedException">The path contains a <c>.</c> or <c>..</c> segment.</exception>
    public static string Normalize(string? path) => Join(path);

    /// <summary>
    /// Returns the normalized path of an object, rejecting paths that cannot name one (empty, or with <c>.</c> or <c>..</c> segments).
    /// </summary>
    /// <exception cref="ValidationFailedException">The path is empty or contains a <c>.</c> or <c>..</c> segment.</exception>
    public static string ToObjectPath(string? path)
    {
        var normalized = Join(path);
        if (normalized.Length == 0)
        {
            throw new ValidationFailedException(
                $"The object path '{path}' is empty; pass a path relative to the store root such as 'dir/file.parquet'.");
        }

        return normalized;
    }

    /// <summary>
    /// Normalizes a listing prefix. Leading slashes are removed and duplicate slashes collapsed, but a trailing
    /// slash is kept so that <c>"dir/"</c> matches only objects under <c>dir</c>.
    /// </summary>
    public static string ToPrefix(string? prefix)
    {
        if (string.IsNullOrEmpty(prefix))
        {
            return string.Empty;
        }

        var joined = Join(prefix);
        return joined.Length > 0 && prefix.EndsWith('/') ? joined + "/" : joined;
    }

    /// <summary>The parent path of an object (everything before the last <c>/</c>), or empty for a top-level object.</summary>
    public static string Parent(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var index = path.LastIndexOf('/');
        return index < 0 ? string.Empty : path[..index];
    }

    /// <summary>The last segment of a path (its file name).</summary>
    public static string FileName(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var index = path.LastIndexOf('/');
        return index < 0 ? path : path[(index + 1)..];
    }

    private static void CheckSegment(string segment, string path)
    {
        if (segment is "." or "..")
        {
            throw new ValidationFailedException(
                $"The store path '{path}' contains a '{segment}' segment; use a plain relative path without '.' or '..'.");
        }
    }
}
