namespace Orasi.Connectors.Storage;

/// <summary>
/// A write-only stream that creates one object. Write, then dispose (or call <see cref="CompleteAsync"/>) to make
/// the object visible; call <see cref="Abort"/> first to discard everything written.
/// </summary>
public abstract class ObjectWriteStream : Stream
{
    /// <summary>The path the object will have once completed.</summary>
    public abstract string Path { get; }

    /// <summary>Publishes the object under <see cref="Path"/>. Called by <see cref="Stream.DisposeAsync"/> unless aborted.</summary>
    public abstract Task<ObjectMetadata> CompleteAsync(CancellationToken cancellationToken = default);

    /// <summary>Marks the write as failed: disposing then discards the data and leaves no object and no upload behind.</summary>
    public abstract void Abort();

    /// <inheritdoc />
    public sealed override bool CanRead => false;

    /// <inheritdoc />
    public sealed override bool CanSeek => false;

    /// <inheritdoc />
    public sealed override bool CanWrite => true;

    /// <inheritdoc />
    public sealed override long Length => Position;

    /// <inheritdoc />
    public sealed override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Object write streams cannot be read.");

    /// <inheritdoc />
    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("Object write streams cannot seek.");

    /// <inheritdoc />
    public sealed override void SetLength(long value) => throw new NotSupportedException("Object write streams cannot change length.");
}
