using System.Buffers;

namespace Orasi.Connectors.Formatting;

/// <summary>Small helpers writing UTF-8 into an <see cref="IBufferWriter{T}"/>.</summary>
internal static class TextOutput
{
    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        Span<byte> span = output.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        output.Advance(bytes.Length);
    }

    public static void WriteFormattable<T>(IBufferWriter<byte> output, T value, string? format = null)
        where T : IUtf8SpanFormattable
    {
        Span<byte> span = output.GetSpan(64);
        if (!value.TryFormat(span, out int written, format, System.Globalization.CultureInfo.InvariantCulture))
        {
            span = output.GetSpan(512);
            value.TryFormat(span, out written, format, System.Globalization.CultureInfo.InvariantCulture);
        }

        output.Advance(written);
    }
}
