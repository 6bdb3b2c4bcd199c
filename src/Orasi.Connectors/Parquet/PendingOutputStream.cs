namespace Orasi.Connectors.Parquet;

/// <summary>
/// The stream the native Parquet writer writes into: it only buffers bytes and counts them (its position), so it works
/// for any destination, seekable or not. <see cref="DrainToAsync"/> moves the buffered bytes to the real destination
/// with asynchronous writes.
/// </summary>
internal sealed class PendingOutputStream : Stream
{
    private readonly MemoryStream _pending = new();
    private long _position;
    private bool _closed;

    /// <summary>Bytes written so far (including those already drained).</summary>
    public long BytesWritten => _position;

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => !_closed;

    /// <inheritdoc />
    public override long Length => _position;

    /// <inheritdoc />
    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException("The Parquet output buffer cannot seek.");
    }

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        _pending.Write(buffer);
        _position += buffer.Length;
    }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <summary>Writes the buffered bytes to <paramref name="destination"/> and empties the buffer.</summary>
    public async Task DrainToAsync(Stream destination, CancellationToken cancellationToken)
    {
        if (_pending.Length == 0)
        {
            return;
        }

        await destination.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), cancellationToken).ConfigureAwait(false);
        _pending.SetLength(0);
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("The Parquet output buffer cannot be read.");

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("The Parquet output buffer cannot seek.");

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException("The Parquet output buffer cannot change length.");

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        _closed = true;
        if (disposing)
        {
            _pending.Dispose();
        }

        base.Dispose(disposing);
    }
}
