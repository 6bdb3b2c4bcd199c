namespace Orasi.Connectors.Storage;

/// <summary>
/// A flat key/value store of immutable objects: a local directory, an S3 bucket prefix, or memory.
/// Paths are relative to the store's root, use <c>/</c> as separator and never start with one.
/// </summary>
/// <remarks>
/// Every write is atomic from a reader's point of view: an object appears under its final path complete or not at
/// all. <see cref="PutIfAbsentAsync"/> is the primitive table commits are built on: of several concurrent callers
/// for the same path, exactly one succeeds.
/// </remarks>
public interface IObjectStore : IAsyncDisposable
{
    /// <summary>The URI of the store's root, such as <c>s3://bucket/prefix</c>, <c>file:///data/lake</c> or <c>memory://name</c>.</summary>
    Uri Root { get; }

    /// <summary>Metadata of an object, or null when there is no object at <paramref name="path"/>.</summary>
    Task<ObjectMetadata?> HeadAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Reads a whole object into memory.</summary>
    /// <exception cref="ObjectNotFoundException">No object at <paramref name="path"/>.</exception>
    Task<ReadOnlyMemory<byte>> GetAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Reads <paramref name="length"/> bytes starting at <paramref name="offset"/> (fewer at the end of the object).</summary>
    /// <exception cref="ObjectNotFoundException">No object at <paramref name="path"/>.</exception>
    Task<ReadOnlyMemory<byte>> GetRangeAsync(string path, long offset, int length, CancellationToken cancellationToken = default);

    /// <summary>Opens a stream over an object's bytes; the stream is seekable when the store supports ranged reads.</summary>
    /// <exception cref="ObjectNotFoundException">No object at <paramref name="path"/>.</exception>
    Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Writes an object, replacing any existing one.</summary>
    Task<ObjectMetadata> PutAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes an object only if none exists at <paramref name="path"/>. Returns true when this call created it and
    /// false when an object was already there (which is left untouched). Atomic across processes and machines.
    /// </summary>
    Task<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a stream that writes a new object with bounded memory (multipart upload on S3, a temporary file locally).
    /// The object becomes visible under <paramref name="path"/> only when the stream is disposed after a successful
    /// write; if writing fails or the stream is disposed after <see cref="ObjectWriteStream.Abort"/>, nothing is left behind.
    /// </summary>
    Task<ObjectWriteStream> OpenWriteAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Lists objects whose path starts with <paramref name="prefix"/> (empty for all), in lexicographic path order, paging as needed.</summary>
    IAsyncEnumerable<ObjectMetadata> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Deletes an object. Deleting a missing object is not an error.</summary>
    Task DeleteAsync(string path, CancellationToken cancellationToken = default);
}
