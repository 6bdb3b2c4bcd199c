using System.Buffers;

namespace Orasi.Connectors.Parquet;

/// <summary>
/// The stream the native Parquet writer writes into: it only buffers bytes and counts them (its position), so it works
/// for any destination, seekable or not. <see cref="DrainToAsync"/> moves the buffered bytes to the real destination
/// with asynchronous writes.
/// </summary>
internal sealed class PendingOutputStream : Stream
{
    private const int ChunkSize = 1 << 20;
    private readonly List<byte[]> _chunks = [];
    private int _lastChunkUsed = ChunkSize;
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
        _position += buffer.Length;
        while (!buffer.IsEmpty)
        {
            if (_lastChunkUsed == ChunkSize)
            {
                _chunks.Add(ArrayPool<byte>.Shared.Rent(ChunkSize));
                _lastChunkUsed = 0;
            }

            var take = Math.Min(buffer.Length, ChunkSize - _lastChunkUsed);
            buffer[..take].CopyTo(_chunks[^1].AsSpan(_lastChunkUsed));
            _lastChunkUsed += take;
            buffer = buffer[take..];
        }
    }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <summary>Writes the buffered bytes to <paramref name="destination"/> and empties the buffer.</summary>
    public async Task DrainToAsync(Stream destination, CancellationToken cancellationToken)
    {
        for (var i = 0; i < _chunks.Count; i++)
        {
            var used = i == _chunks.Count - 1 ? _lastChunkUsed : ChunkSize;
            await destination.WriteAsync(_chunks[i].AsMemory(0, used), cancellationToken).ConfigureAwait(false);
        }

        ReturnChunks();
    }

    /// <inheritdoc />
    private void ReturnChunks()
    {
        foreach (var chunk in _chunks)
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        _chunks.Clear();
        _lastChunkUsed = ChunkSize;
    }

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
            ReturnChunks();
        }

        base.Dispose(disposing);
    }
}
