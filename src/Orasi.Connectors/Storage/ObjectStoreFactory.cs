using System.Text.RegularExpressions;

namespace Orasi.Connectors.Storage;

/// <summary>Opens the <see cref="IObjectStore"/> a URI names: <c>file://</c> or a plain path, <c>memory://</c>, <c>s3://</c> or <c>s3a://</c>.</summary>
public static partial class ObjectStoreFactory
{
    /// <summary>
    /// Opens a store rooted at <paramref name="uri"/>: <c>/abs/path</c>, <c>relative/path</c> (against the current
    /// directory), <c>file:///abs/path</c>, <c>memory://name[/prefix]</c>, <c>s3://bucket[/prefix]</c> or <c>s3a://bucket[/prefix]</c>.
    /// <paramref name="storageOptions"/> (delta-rs key names, see <see cref="StorageOptions"/>) configure S3 and
    /// fall back to the <c>AWS_*</c> environment variables.
    /// </summary>
    /// <exception cref="UnsupportedFeatureException">The URI's scheme is not supported.</exception>
    /// <exception cref="ValidationFailedException">The URI or an option is invalid.</exception>
    public static IObjectStore Open(string uri, IReadOnlyDictionary<string, string>? storageOptions = null)
    {
        if (string.IsNullOrWhiteSpace(uri))
        {
            throw new ValidationFailedException("The store URI is empty; pass a path or a URI such as 's3://bucket/prefix' or 'file:///data/lake'.");
        }

        var match = SchemePattern().Match(uri);
        if (!match.Success)
        {
            return new LocalFileObjectStore(uri);
        }

        var scheme = match.Groups["scheme"].Value.ToLowerInvariant();
        var rest = uri[match.Length..];
        switch (scheme)
        {
            case "file":
                if (!Uri.TryCreate(uri, UriKind.Absolute, out var fileUri) || !fileUri.IsFile || (fileUri.Host.Length > 0 && !fileUri.IsUnc))
                {
                    throw new ValidationFailedException(
                        $"The file URI '{uri}' is invalid; use an absolute path with three slashes, like 'file:///data/lake'.");
                }

                return new LocalFileObjectStore(fileUri.LocalPath);
            case "memory":
            {
                var (name, prefix) = SplitAuthority(rest);
                return new MemoryObjectStore(name, prefix);
            }

            case "s3":
            case "s3a":
            {
                var (bucket, prefix) = SplitAuthority(rest);
                if (bucket.Length == 0)
                {
                    throw new ValidationFailedException($"The S3 URI '{uri}' has no bucket; use a form like 's3://my-bucket/path'.");
                }

                return new S3ObjectStore(bucket, prefix, StorageOptions.Parse(storageOptions));
            }

            default:
                throw new UnsupportedFeatureException(
                    $"The storage scheme '{scheme}' of URI '{uri}' is not supported; use a local path, file://, memory://, s3:// or s3a://.");
        }
    }

    private static (string Authority, string Path) SplitAuthority(string rest)
    {
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (rest, string.Empty) : (rest[..slash], Uri.UnescapeDataString(rest[(slash + 1)..]));
    }

    [GeneratedRegex("^(?<scheme>[A-Za-z][A-Za-z0-9+.-]+)://", RegexOptions.CultureInvariant)]
    private static partial Regex SchemePattern();
}
