namespace Orasi.Connectors.Storage;

/// <summary>Buffers a new object of a <see cref="MemoryObjectStore"/> and publishes it on completion.</summary>
internal sealed class MemoryWriteStream : ObjectWriteStreamBase
{
    private readonly MemoryObjectStore _store;
    private MemoryStream? _buffer = new();

    public MemoryWriteStream(MemoryObjectStore store, string path) : base(path)
    {
        _store = store;
    }

    protected override void WriteCore(ReadOnlySpan<byte> buffer) => Buffer.Write(buffer);

    protected override ValueTask WriteCoreAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        Buffer.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    protected override Task<ObjectMetadata> CompleteCoreAsync(long length, CancellationToken cancellationToken)
    {
        var data = Buffer.ToArray();
        _buffer = null;
        return Task.FromResult(_store.Store(Path, data));
    }

    protected override ValueTask DiscardCoreAsync()
    {
        _buffer = null;
        return ValueTask.CompletedTask;
    }

    private MemoryStream Buffer => _buffer ?? throw new ObjectDisposedException(nameof(MemoryWriteStream));
}
