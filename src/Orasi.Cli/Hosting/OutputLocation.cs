using Orasi.Connectors.Storage;

namespace Orasi.Cli.Hosting;

/// <summary>
/// Where a command writes: a local path or a store URI (<c>s3://</c>, <c>memory://</c>, <c>file://</c>), split into the
/// directory the store is opened at and the object name. A path whose last segment has a file extension names a
/// file; anything else names a directory.
/// </summary>
internal sealed record OutputLocation(string StoreUri, string? FileName, string Display)
{
    /// <summary>True when the output names a single file rather than a directory of part files.</summary>
    public bool IsFile => FileName is not null;

    /// <summary>The extension of the named file (lower case, without the dot), or null for a directory.</summary>
    public string? Extension => FileName is null ? null : System.IO.Path.GetExtension(FileName).TrimStart('.').ToLowerInvariant() is { Length: > 0 } e ? e : null;

    public static OutputLocation Parse(string output)
    {
        if (string.IsNullOrWhiteSpace(output))
        {
            throw new UsageException("--output must name a file, a directory or a store URI such as s3://bucket/prefix.");
        }

        var isUri = output.Contains("://", StringComparison.Ordinal);
        var trimmed = output.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        var last = slash >= 0 ? trimmed[(slash + 1)..] : trimmed;
        var namesFile = !output.EndsWith('/') && System.IO.Path.HasExtension(last) && last.Length > 0;

        if (!isUri)
        {
            var full = System.IO.Path.GetFullPath(output);
            return namesFile
                ? new OutputLocation(System.IO.Path.GetDirectoryName(full)!, System.IO.Path.GetFileName(full), output)
                : new OutputLocation(full, null, output);
        }

        if (!namesFile)
        {
            return new OutputLocation(trimmed, null, output);
        }

        var parent = trimmed[..slash];
        if (parent.EndsWith(':') || parent.EndsWith("//", StringComparison.Ordinal))
        {
            throw new UsageException($"--output '{output}' names a file directly under the store root; give a bucket or directory before the file name.");
        }

        return new OutputLocation(parent, last, output);
    }

    /// <summary>Opens the store that holds the output.</summary>
    public IObjectStore OpenStore(IReadOnlyDictionary<string, string>? storageOptions) =>
        ObjectStoreFactory.Open(StoreUri, storageOptions);
}
