using System.Text;

namespace Orasi.Connectors.Formatting;

/// <summary>Where the text writers send their UTF-8 output: a <see cref="Stream"/> as is, or a <see cref="TextWriter"/> decoded.</summary>
internal sealed class Utf8OutputTarget : IDisposable, IAsyncDisposable
{
    private readonly Stream? stream;
    private readonly TextWriter? text;
    private readonly bool leaveOpen;

    public Utf8OutputTarget(Stream stream, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The output stream is not writable.", nameof(stream));
        }

        this.stream = stream;
        this.leaveOpen = leaveOpen;
    }

    public Utf8OutputTarget(TextWriter text, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(text);
        this.text = text;
        this.leaveOpen = leaveOpen;
    }

    // Callers hand over whole rows, so a chunk never splits a UTF-8 sequence.
    public void Write(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return;
        }

        if (stream is not null)
        {
            stream.Write(utf8);
        }
        else
        {
            text!.Write(Encoding.UTF8.GetString(utf8));
        }
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken)
    {
        if (utf8.IsEmpty)
        {
            return;
        }

        if (stream is not null)
        {
            await stream.WriteAsync(utf8, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await text!.WriteAsync(Encoding.UTF8.GetString(utf8.Span).AsMemory(), cancellationToken).ConfigureAwait(false);
        }
    }

    public void Flush()
    {
        stream?.Flush();
        text?.Flush();
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (stream is not null)
        {
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await text!.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        Flush();
        if (!leaveOpen)
        {
            stream?.Dispose();
            text?.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await FlushAsync(CancellationToken.None).ConfigureAwait(false);
        if (!leaveOpen)
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            if (text is not null)
            {
                await text.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
