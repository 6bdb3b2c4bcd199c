using System.Buffers;

namespace Orasi.Connectors.Storage;

/// <summary>
/// A seekable read-only stream over one S3 object version. Reads are served from a read-ahead buffer filled by
/// ranged GETs (each checked against the object's ETag); reads larger than the buffer go straight to the caller's
/// memory. Readers such as ParquetSharp can seek to the footer without downloading the whole object.
/// </summary>
internal sealed class S3ReadStream : Stream
{
    private readonly S3ObjectStore _store;
    private readonly string _key;
    private readonly long _length;
    private readonly string? _etag;
    private readonly byte[] _buffer;
    private long _bufferStart;
    private int _bufferCount;
    private long _position;
    private bool _disposed;

    public S3ReadStream(S3ObjectStore store, string key, long length, string? etag, int readAheadSize)
    {
        _store = store;
        _key = key;
        _length = length;
        _etag = etag;
        _buffer = new byte[readAheadSize];
    }

    /// <summary>Bytes fetched from S3 so far (tests use it to check that reads stay ranged).</summary>
    public long BytesFetched { get; private set; }

    public override bool CanRead => !_disposed;

    public override bool CanSeek => !_disposed;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }

    public override int Read(Span<byte> buffer)
    {
        var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            var n = ReadAsync(rented.AsMemory(0, buffer.Length), CancellationToken.None).AsTask().GetAwaiter().GetResult();
            rented.AsSpan(0, n).CopyTo(buffer);
            return n;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty || _position >= _length)
        {
            return 0;
        }

        var wanted = (int)Math.Min(buffer.Length, _length - _position);
        if (_position >= _bufferStart && _position < _bufferStart + _bufferCount)
        {
            var available = (int)Math.Min(wanted, _bufferStart + _bufferCount - _position);
            _buffer.AsSpan((int)(_position - _bufferStart), available).CopyTo(buffer.Span);
            _position += available;
            return available;
        }

        if (wanted >= _buffer.Length)
        {
            var direct = await _store.ReadRangeAsync(_key, _position, buffer[..wanted], _etag, cancellationToken).ConfigureAwait(false);
            BytesFetched += direct;
            _position += direct;
            return direct;
        }

        var toFetch = (int)Math.Min(_buffer.Length, _length - _position);
        _bufferCount = 0;
        _bufferStart = _position;
        _bufferCount = await _store.ReadRangeAsync(_key, _position, _buffer.AsMemory(0, toFetch), _etag, cancellationToken).ConfigureAwait(false);
        BytesFetched += _bufferCount;
        if (_bufferCount == 0)
        {
            return 0;
        }

        var n = Math.Min(wanted, _bufferCount);
        _buffer.AsSpan(0, n).CopyTo(buffer.Span);
        _position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => _length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        _position = target;
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("S3 read streams are read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("S3 read streams are read-only.");

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        base.Dispose(disposing);
    }
}
