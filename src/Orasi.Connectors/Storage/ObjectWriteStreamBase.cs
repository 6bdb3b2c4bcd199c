namespace Orasi.Connectors.Storage;

/// <summary>
/// The state machine shared by the stores' write streams: counts bytes, turns any exception thrown while writing
/// into a faulted stream (so disposing discards instead of publishing), and publishes or discards exactly once.
/// </summary>
internal abstract class ObjectWriteStreamBase : ObjectWriteStream
{
    private readonly string _path;
    private long _position;
    private State _state;

    protected ObjectWriteStreamBase(string path)
    {
        _path = path;
    }

    private enum State
    {
        Open,
        Aborted,
        Faulted,
        Completed,
        Discarded,
    }

    /// <inheritdoc />
    public sealed override string Path => _path;

    /// <inheritdoc />
    public sealed override long Position
    {
        get => _position;
        set => throw new NotSupportedException("Object write streams cannot seek.");
    }

    /// <summary>Writes bytes to the pending object.</summary>
    protected abstract void WriteCore(ReadOnlySpan<byte> buffer);

    /// <summary>Writes bytes to the pending object asynchronously.</summary>
    protected abstract ValueTask WriteCoreAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Publishes the pending object; <paramref name="length"/> bytes were written.</summary>
    protected abstract Task<ObjectMetadata> CompleteCoreAsync(long length, CancellationToken cancellationToken);

    /// <summary>Discards everything written; must not throw for an already-clean state.</summary>
    protected abstract ValueTask DiscardCoreAsync();

    /// <inheritdoc />
    public sealed override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(buffer.AsSpan(offset, count));
    }

    /// <inheritdoc />
    public sealed override void Write(ReadOnlySpan<byte> buffer)
    {
        EnsureOpen();
        try
        {
            WriteCore(buffer);
            _position += buffer.Length;
        }
        catch
        {
            _state = State.Faulted;
            throw;
        }
    }

    /// <inheritdoc />
    public sealed override void WriteByte(byte value) => Write([value]);

    /// <inheritdoc />
    public sealed override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    /// <inheritdoc />
    public sealed override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        EnsureOpen();
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            await WriteCoreAsync(buffer, cancellationToken).ConfigureAwait(false);
            _position += buffer.Length;
        }
        catch
        {
            _state = State.Faulted;
            throw;
        }
    }

    /// <inheritdoc />
    public override void Flush()
    {
        // Data becomes visible only on completion; nothing to flush early.
    }

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public sealed override void Abort()
    {
        if (_state == State.Open)
        {
            _state = State.Aborted;
        }
    }

    /// <inheritdoc />
    public sealed override async Task<ObjectMetadata> CompleteAsync(CancellationToken cancellationToken = default)
    {
        switch (_state)
        {
            case State.Open:
                break;
            case State.Completed:
                throw new InvalidOperationException($"The object '{_path}' was already completed.");
            default:
                throw new InvalidOperationException(
                    $"The write of object '{_path}' was aborted or failed; nothing was published. Open a new write stream to try again.");
        }

        try
        {
            var metadata = await CompleteCoreAsync(_position, cancellationToken).ConfigureAwait(false);
            _state = State.Completed;
            return metadata;
        }
        catch
        {
            _state = State.Faulted;
            await DiscardOnceAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public sealed override async ValueTask DisposeAsync()
    {
        if (_state == State.Open)
        {
            await CompleteAsync(CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            await DiscardOnceAsync().ConfigureAwait(false);
        }

        await base.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    protected sealed override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (_state == State.Open)
            {
                CompleteAsync(CancellationToken.None).GetAwaiter().GetResult();
            }
            else
            {
                DiscardOnceAsync().AsTask().GetAwaiter().GetResult();
            }
        }

        base.Dispose(disposing);
    }

    private async ValueTask DiscardOnceAsync()
    {
        if (_state is State.Completed or State.Discarded)
        {
            return;
        }

        _state = State.Discarded;
        await DiscardCoreAsync().ConfigureAwait(false);
    }

    private void EnsureOpen()
    {
        if (_state != State.Open)
        {
            throw new InvalidOperationException(
                $"The write stream of object '{_path}' is no longer open (completed, aborted or failed).");
        }
    }
}
