namespace Orasi.Connectors.Storage;

/// <summary>Streams a new object of a <see cref="LocalFileObjectStore"/> into a hidden temporary file and renames it into place on completion.</summary>
internal sealed class LocalFileWriteStream : ObjectWriteStreamBase
{
    private readonly LocalFileObjectStore _store;
    private readonly string _fullPath;
    private readonly string _temp;
    private FileStream? _file;

    public LocalFileWriteStream(LocalFileObjectStore store, string path, string fullPath, string temp, FileStream file) : base(path)
    {
        _store = store;
        _fullPath = fullPath;
        _temp = temp;
        _file = file;
    }

    protected override void WriteCore(ReadOnlySpan<byte> buffer) => Target.Write(buffer);

    protected override ValueTask WriteCoreAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken) =>
        Target.WriteAsync(buffer, cancellationToken);

    protected override async Task<ObjectMetadata> CompleteCoreAsync(long length, CancellationToken cancellationToken)
    {
        var file = Target;
        await file.FlushAsync(cancellationToken).ConfigureAwait(false);
        await file.DisposeAsync().ConfigureAwait(false);
        _file = null;
        return _store.Publish(Path, _fullPath, _temp, length);
    }

    protected override async ValueTask DiscardCoreAsync()
    {
        if (_file is not null)
        {
            await _file.DisposeAsync().ConfigureAwait(false);
            _file = null;
        }

        LocalFileObjectStore.TryDelete(_temp);
    }

    private FileStream Target => _file ?? throw new ObjectDisposedException(nameof(LocalFileWriteStream));
}
