namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>The Z85 variant of Base85 (ZeroMQ RFC 32) that Delta uses for deletion vector ids and inline bitmaps.</summary>
internal static class Z85
{
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
    private static readonly sbyte[] Decoder = BuildDecoder();

    private static sbyte[] BuildDecoder()
    {
        var table = new sbyte[128];
        Array.Fill(table, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            table[Alphabet[i]] = (sbyte)i;
        }

        return table;
    }

    /// <summary>Encodes bytes whose length is a multiple of 4.</summary>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        if (data.Length % 4 != 0)
        {
            throw new ArgumentException("Z85 encodes only byte sequences whose length is a multiple of 4.", nameof(data));
        }

        var chars = new char[data.Length / 4 * 5];
        for (int i = 0, o = 0; i < data.Length; i += 4, o += 5)
        {
            uint value = (uint)(data[i] << 24 | data[i + 1] << 16 | data[i + 2] << 8 | data[i + 3]);
            for (var k = 4; k >= 0; k--)
            {
                chars[o + k] = Alphabet[(int)(value % 85)];
                value /= 85;
            }
        }

        return new string(chars);
    }

    /// <summary>Decodes a Z85 string whose length is a multiple of 5.</summary>
    /// <exception cref="FormatException">The text is not valid Z85.</exception>
    public static byte[] Decode(ReadOnlySpan<char> text)
    {
        if (text.Length % 5 != 0)
        {
            throw new FormatException($"Z85 text must have a length that is a multiple of 5, but has {text.Length} characters.");
        }

        var bytes = new byte[text.Length / 5 * 4];
        for (int i = 0, o = 0; i < text.Length; i += 5, o += 4)
        {
            ulong value = 0;
            for (var k = 0; k < 5; k++)
            {
                var c = text[i + k];
                var digit = c < 128 ? Decoder[c] : -1;
                if (digit < 0)
                {
                    throw new FormatException($"The character '{c}' is not valid in Z85 text.");
                }

                value = value * 85 + (ulong)digit;
            }

            // Like Delta's reference codec, keep the low 32 bits of a group: writers pad unaligned inline vectors and
            // the padding group can overflow; only the declared sizeInBytes of the output are used.
            bytes[o] = (byte)(value >> 24);
            bytes[o + 1] = (byte)(value >> 16);
            bytes[o + 2] = (byte)(value >> 8);
            bytes[o + 3] = (byte)value;
        }

        return bytes;
    }
}
