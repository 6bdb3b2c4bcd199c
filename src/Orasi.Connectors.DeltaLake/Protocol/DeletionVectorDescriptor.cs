using System.Globalization;

namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>Where a logical file's deletion vector lives and how many rows it deletes.</summary>
public sealed record DeletionVectorDescriptor
{
    /// <summary>Length of the Z85-encoded UUID at the end of <see cref="PathOrInlineDv"/> for storage type <c>u</c>.</summary>
    private const int EncodedUuidLength = 20;

    /// <summary><c>u</c> (relative path derived from a UUID), <c>i</c> (inline) or <c>p</c> (absolute path).</summary>
    public required string StorageType { get; init; }

    /// <summary>Random prefix plus Z85 UUID (<c>u</c>), Z85 bitmap bytes (<c>i</c>) or an absolute URI (<c>p</c>).</summary>
    public required string PathOrInlineDv { get; init; }

    /// <summary>Byte offset of the vector in its file; null for inline vectors (read as 0 otherwise).</summary>
    public int? Offset { get; init; }

    /// <summary>Size of the serialized vector in bytes.</summary>
    public required int SizeInBytes { get; init; }

    /// <summary>Number of rows the vector deletes.</summary>
    public required long Cardinality { get; init; }

    /// <summary>The unique id used as part of a logical file's key: <c>&lt;storageType&gt;&lt;pathOrInlineDv&gt;[@&lt;offset&gt;]</c>.</summary>
    public string UniqueId => Offset is { } offset
        ? string.Create(CultureInfo.InvariantCulture, $"{StorageType}{PathOrInlineDv}@{offset}")
        : StorageType + PathOrInlineDv;

    /// <summary>True when the vector is stored inline in the log.</summary>
    public bool IsInline => StorageType == "i";

    /// <summary>
    /// For storage type <c>u</c>: the path of the vector file relative to the table root,
    /// <c>[&lt;prefix&gt;/]deletion_vector_&lt;uuid&gt;.bin</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The storage type is not <c>u</c>.</exception>
    /// <exception cref="CorruptDataException">The encoded UUID is malformed.</exception>
    public string RelativePath()
    {
        if (StorageType != "u")
        {
            throw new InvalidOperationException($"Only deletion vectors with storage type 'u' have a relative path; this one has '{StorageType}'.");
        }

        if (PathOrInlineDv.Length < EncodedUuidLength)
        {
            throw new CorruptDataException($"The deletion vector id '{PathOrInlineDv}' is shorter than the 20-character Z85 UUID it must end with.");
        }

        var prefix = PathOrInlineDv[..^EncodedUuidLength];
        Guid uuid;
        try
        {
            uuid = new Guid(Z85.Decode(PathOrInlineDv.AsSpan(PathOrInlineDv.Length - EncodedUuidLength)), bigEndian: true);
        }
        catch (FormatException ex)
        {
            throw new CorruptDataException($"The deletion vector id '{PathOrInlineDv}' does not end in a valid Z85-encoded UUID.", ex);
        }

        var fileName = "deletion_vector_" + uuid.ToString("D") + ".bin";
        return prefix.Length == 0 ? fileName : prefix + "/" + fileName;
    }

    /// <summary>The absolute location of the vector file for a table rooted at <paramref name="tableRoot"/> (storage types <c>u</c> and <c>p</c>).</summary>
    /// <exception cref="InvalidOperationException">The vector is inline and has no file.</exception>
    public Uri AbsolutePath(Uri tableRoot)
    {
        ArgumentNullException.ThrowIfNull(tableRoot);
        return StorageType switch
        {
            "u" => new Uri(DeltaPaths.EnsureTrailingSlash(tableRoot), DeltaPaths.EscapeRelativePath(RelativePath())),
            "p" => DeltaPaths.ToAbsoluteUri(PathOrInlineDv, tableRoot),
            "i" => throw new InvalidOperationException("An inline deletion vector (storage type 'i') has no file path."),
            _ => throw new UnsupportedFeatureException($"The deletion vector storage type '{StorageType}' is unknown; only u, i and p are supported."),
        };
    }
}
