using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Orasi.Connectors.Kafka.Serialization;

/// <summary>
/// A reusable, growable UTF-8 buffer with the few JSON primitives the fixed OTLP shapes need, written by hand.
/// Strings are escaped exactly as <see cref="Utf8JsonWriter"/> with its default encoder escapes them: text made only
/// of bytes that encoder leaves alone is copied as is, anything else goes through <see cref="JsonEncodedText.Encode(ReadOnlySpan{byte}, System.Text.Encodings.Web.JavaScriptEncoder?)"/>.
/// Not thread-safe: one per worker.
/// </summary>
internal sealed class JsonUtf8Buffer
{
    /// <summary>ASCII bytes the default <see cref="Utf8JsonWriter"/> encoder writes unescaped (learned from the encoder itself).</summary>
    private static readonly SearchValues<byte> Unescaped = SearchValues.Create(LearnUnescapedBytes());

    private byte[] _buffer;
    private int _position;

    public JsonUtf8Buffer(int capacity = 4096) => _buffer = new byte[Math.Max(64, capacity)];

    /// <summary>Bytes written since the last <see cref="Reset"/>.</summary>
    public int Length => _position;

    /// <summary>The written bytes.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _position);

    /// <summary>The written bytes from <paramref name="start"/> on.</summary>
    public ReadOnlySpan<byte> WrittenFrom(int start) => _buffer.AsSpan(start, _position - start);

    /// <summary>Forgets what was written (keeps the memory).</summary>
    public void Reset() => _position = 0;

    /// <summary>Copies the written bytes from <paramref name="start"/> on into a new array of exactly that size.</summary>
    public byte[] ToArray(int start = 0) => _buffer.AsSpan(start, _position - start).ToArray();

    /// <summary>True when <paramref name="utf8"/> is written without any escaping.</summary>
    public static bool NeedsNoEscaping(ReadOnlySpan<byte> utf8) => utf8.IndexOfAnyExcept(Unescaped) < 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Raw(ReadOnlySpan<byte> bytes)
    {
        if (_buffer.Length - _position < bytes.Length)
        {
            Grow(bytes.Length);
        }

        bytes.CopyTo(_buffer.AsSpan(_position));
        _position += bytes.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Byte(byte value)
    {
        if (_position == _buffer.Length)
        {
            Grow(1);
        }

        _buffer[_position++] = value;
    }

    /// <summary>Writes <paramref name="utf8"/> as a quoted, escaped JSON string.</summary>
    public void String(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IndexOfAnyExcept(Unescaped) < 0)
        {
            int needed = utf8.Length + 2;
            if (_buffer.Length - _position < needed)
            {
                Grow(needed);
            }

            Span<byte> target = _buffer.AsSpan(_position, needed);
            target[0] = (byte)'"';
            utf8.CopyTo(target[1..]);
            target[needed - 1] = (byte)'"';
            _position += needed;
            return;
        }

        Byte((byte)'"');
        Raw(JsonEncodedText.Encode(utf8).EncodedUtf8Bytes);
        Byte((byte)'"');
    }

    /// <summary>Writes a decimal integer (JSON number).</summary>
    public void Number(long value)
    {
        if (_buffer.Length - _position < 24)
        {
            Grow(24);
        }

        value.TryFormat(_buffer.AsSpan(_position), out int written, default, CultureInfo.InvariantCulture);
        _position += written;
    }

    /// <summary>Writes an unsigned decimal as a quoted JSON string (OTLP-JSON's 64-bit integers).</summary>
    public void QuotedNumber(ulong value)
    {
        if (_buffer.Length - _position < 24)
        {
            Grow(24);
        }

        Span<byte> target = _buffer.AsSpan(_position);
        target[0] = (byte)'"';
        value.TryFormat(target[1..], out int written, default, CultureInfo.InvariantCulture);
        target[written + 1] = (byte)'"';
        _position += written + 2;
    }

    /// <summary>Writes <paramref name="bytes"/> as a quoted lower-case hex string, or <paramref name="width"/> zero bytes' worth of "0" when empty.</summary>
    public void QuotedHex(ReadOnlySpan<byte> bytes, int width)
    {
        int needed = (width * 2) + 2;
        if (_buffer.Length - _position < needed)
        {
            Grow(needed);
        }

        Span<byte> target = _buffer.AsSpan(_position, needed);
        target[0] = (byte)'"';
        if (bytes.IsEmpty)
        {
            target[1..^1].Fill((byte)'0');
        }
        else
        {
            Convert.TryToHexStringLower(bytes, target[1..^1], out _);
        }

        target[needed - 1] = (byte)'"';
        _position += needed;
    }

    private void Grow(int needed)
    {
        int size = Math.Max(_buffer.Length * 2, _position + needed);
        Array.Resize(ref _buffer, size);
    }

    private static byte[] LearnUnescapedBytes()
    {
        var bytes = new List<byte>();
        for (int b = 0; b < 0x80; b++)
        {
            ReadOnlySpan<byte> one = [(byte)b];
            if (JsonEncodedText.Encode(one).EncodedUtf8Bytes.SequenceEqual(one))
            {
                bytes.Add((byte)b);
            }
        }

        return [.. bytes];
    }
}
