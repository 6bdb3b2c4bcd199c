using Amazon.S3.Model;

namespace Orasi.Connectors.Storage;

/// <summary>
/// Streams a new S3 object with bounded memory: bytes collect in one part-sized buffer, each full buffer is uploaded as
/// a multipart-upload part, and completion uploads the rest and completes the upload. An object smaller than one
/// part is written with a single PutObject instead. Failure or abort calls AbortMultipartUpload.
/// </summary>
internal sealed class S3MultipartWriteStream : ObjectWriteStreamBase
{
    private const int InitialBufferSize = 256 * 1024;

    private readonly S3ObjectStore _store;
    private readonly string _key;
    private readonly int _partSize;
    private readonly List<PartETag> _parts = [];
    private byte[] _buffer = [];
    private int _count;
    private string? _uploadId;

    public S3MultipartWriteStream(S3ObjectStore store, string path, string key, long partSize) : base(path)
    {
        _store = store;
        _key = key;
        _partSize = (int)Math.Min(partSize, Array.MaxLength);
    }

    protected override void WriteCore(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var n = Append(buffer);
            buffer = buffer[n..];
            if (_count == _partSize)
            {
                UploadBufferedPartAsync(CancellationToken.None).GetAwaiter().GetResult();
            }
        }
    }

    protected override async ValueTask WriteCoreAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            var n = Append(buffer.Span);
            buffer = buffer[n..];
            if (_count == _partSize)
            {
                await UploadBufferedPartAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    protected override async Task<ObjectMetadata> CompleteCoreAsync(long length, CancellationToken cancellationToken)
    {
        if (_uploadId is null)
        {
            var metadata = await _store.PutKeyAsync(Path, _key, _buffer.AsMemory(0, _count), cancellationToken).ConfigureAwait(false);
            _buffer = [];
            return metadata;
        }

        if (_count > 0)
        {
            await UploadBufferedPartAsync(cancellationToken).ConfigureAwait(false);
        }

        var etag = await _store.CompleteMultipartAsync(_key, _uploadId, _parts, cancellationToken).ConfigureAwait(false);
        _uploadId = null;
        _buffer = [];
        return new ObjectMetadata(Path, length, DateTimeOffset.UtcNow, etag);
    }

    protected override async ValueTask DiscardCoreAsync()
    {
        _buffer = [];
        if (_uploadId is { } uploadId)
        {
            _uploadId = null;
            try
            {
                await _store.AbortMultipartAsync(_key, uploadId, CancellationToken.None).ConfigureAwait(false);
            }
            catch (ConnectorException)
            {
                // Best effort: a bucket lifecycle rule for incomplete multipart uploads cleans up what remains.
            }
        }
    }

    private int Append(ReadOnlySpan<byte> data)
    {
        var n = Math.Min(data.Length, _partSize - _count);
        if (_count + n > _buffer.Length)
        {
            var size = Math.Max(_buffer.Length, Math.Min(InitialBufferSize, _partSize));
            while (size < _count + n)
            {
                size = (int)Math.Min((long)size * 2, _partSize);
            }

            Array.Resize(ref _buffer, size);
        }

        data[..n].CopyTo(_buffer.AsSpan(_count));
        _count += n;
        return n;
    }

    private async Task UploadBufferedPartAsync(CancellationToken cancellationToken)
    {
        _uploadId ??= await _store.InitiateMultipartAsync(_key, cancellationToken).ConfigureAwait(false);
        var part = await _store.UploadPartAsync(_key, _uploadId, _parts.Count + 1, _buffer.AsMemory(0, _count), cancellationToken).ConfigureAwait(false);
        _parts.Add(part);
        _count = 0;
    }
}
