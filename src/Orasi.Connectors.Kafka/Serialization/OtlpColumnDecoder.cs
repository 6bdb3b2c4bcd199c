using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Unicode;
using Orasi.Connectors.Kafka.Serialization.Columns;

namespace Orasi.Connectors.Kafka.Serialization;

/// <summary>
/// The shared part of the direct OTLP-JSON decoders: walks <c>resourceX[].scopeX[].items[]</c> of one export request
/// with a <see cref="Utf8JsonReader"/> (no document, no model objects, no per-row strings) and hands every item to the
/// signal's <see cref="Item"/>. It accepts what <see cref="OtlpJsonReader"/> accepts: properties in any order (a
/// resource or scope after its items is found by a look-ahead), unknown properties skipped, 64-bit integers as numbers
/// or decimal strings, hex ids. The resource part is decoded once per distinct raw bytes (per-thread
/// <see cref="ResourceCache"/>) and then copied as two blocks per row. Malformed input throws <see cref="JsonException"/>
/// or <see cref="InvalidDataException"/>; the caller names the record.
/// </summary>
internal abstract class OtlpColumnDecoder
{
    private readonly ResourceCache _resources = ResourceCache.Current;
    private byte[] _keyScratch = new byte[64];
    private byte[] _valueScratch = new byte[256];
    private byte[] _scopeNameScratch = new byte[64];
    private byte[] _scopeVersionScratch = new byte[64];
    private byte[] _numberScratch = new byte[64];

    /// <summary>The resource of the items being decoded.</summary>
    protected ResourceCache.Entry CurrentResource { get; private set; } = ResourceCache.Entry.Empty;

    /// <summary>Scratch for unescaping short-lived values (ids).</summary>
    protected ref byte[] ValueScratch => ref _valueScratch;

    /// <summary>The top-level array (<c>resourceSpans</c>).</summary>
    protected abstract ReadOnlySpan<byte> ResourceArray { get; }

    /// <summary>The per-resource array (<c>scopeSpans</c>).</summary>
    protected abstract ReadOnlySpan<byte> ScopeArray { get; }

    /// <summary>The per-scope array of rows (<c>spans</c>).</summary>
    protected abstract ReadOnlySpan<byte> ItemArray { get; }

    /// <summary>Decodes one item (the reader is on its start) and appends its row.</summary>
    protected abstract void Item(scoped ref Utf8JsonReader r, ReadOnlySpan<byte> json, ReadOnlySpan<byte> scopeName, ReadOnlySpan<byte> scopeVersion);

    /// <summary>Appends the rows of one OTLP-JSON export request, in document order.</summary>
    public void Decode(ReadOnlySpan<byte> json)
    {
        var r = new Utf8JsonReader(json);
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
        {
            throw Bad("the value is not a JSON object");
        }

        while (Next(ref r) == JsonTokenType.PropertyName)
        {
            bool match = r.ValueTextEquals(ResourceArray);
            r.Read();
            if (match && r.TokenType == JsonTokenType.StartArray)
            {
                while (Next(ref r) != JsonTokenType.EndArray)
                {
                    Resources(ref r, json);
                }
            }
            else
            {
                r.Skip();
            }
        }

        // Trailing content after the request is a syntax error, as for a document parse.
        while (r.Read())
        {
        }
    }

    private void Resources(scoped ref Utf8JsonReader r, ReadOnlySpan<byte> json)
    {
        ExpectObject(ref r, "resource array");
        CurrentResource = ResourceCache.Entry.Empty;
        Utf8JsonReader look = r;
        look.Read();
        if (!(look.TokenType == JsonTokenType.PropertyName && look.ValueTextEquals("resource"u8)))
        {
            // The resource comes after the spans (or not at all): find it first, the rows need it.
            look = r;
            while (Next(ref look) == JsonTokenType.PropertyName)
            {
                bool match = look.ValueTextEquals("resource"u8);
                look.Read();
                if (match)
                {
                    CurrentResource = Resource(ref look, json);
                }
                else
                {
                    look.Skip();
                }
            }
        }

        while (Next(ref r) == JsonTokenType.PropertyName)
        {
            ReadOnlySpan<byte> name = r.ValueSpan;
            bool escaped = r.ValueIsEscaped;
            r.Read();
            if (Is(name, escaped, "resource"u8))
            {
                CurrentResource = Resource(ref r, json);
            }
            else if (Is(name, escaped, ScopeArray) && r.TokenType == JsonTokenType.StartArray)
            {
                while (Next(ref r) != JsonTokenType.EndArray)
                {
                    Scopes(ref r, json);
                }
            }
            else
            {
                r.Skip();
            }
        }
    }

    private ResourceCache.Entry Resource(scoped ref Utf8JsonReader r, ReadOnlySpan<byte> json)
    {
        if (r.TokenType != JsonTokenType.StartObject)
        {
            r.Skip();
            return ResourceCache.Entry.Empty;
        }

        int start = (int)r.TokenStartIndex;
        r.Skip();
        ReadOnlySpan<byte> raw = json[start..(int)r.BytesConsumed];
        return _resources.Find(raw) ?? _resources.Add(raw, ParseResource(raw));
    }

    private ResourceCache.Entry ParseResource(ReadOnlySpan<byte> raw)
    {
        var keys = new List<byte[]>();
        var values = new List<byte[]>();
        byte[] service = [];
        var r = new Utf8JsonReader(raw);
        r.Read();
        while (Next(ref r) == JsonTokenType.PropertyName)
        {
            bool match = r.ValueTextEquals("attributes"u8);
            r.Read();
            if (match && r.TokenType == JsonTokenType.StartArray)
            {
                while (Next(ref r) != JsonTokenType.EndArray)
                {
                    Attribute(ref r, raw, out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value);
                    keys.Add(key.ToArray());
                    values.Add(value.ToArray());
                    if (key.SequenceEqual("service.name"u8))
                    {
                        service = values[^1];
                    }
                }
            }
            else
            {
                r.Skip();
            }
        }

        return new ResourceCache.Entry(service, keys, values);
    }

    private void Scopes(scoped ref Utf8JsonReader r, ReadOnlySpan<byte> json)
    {
        ExpectObject(ref r, "scope array");
        ReadOnlySpan<byte> scopeName = default;
        ReadOnlySpan<byte> scopeVersion = default;
        Utf8JsonReader look = r;
        look.Read();
        if (!(look.TokenType == JsonTokenType.PropertyName && look.ValueTextEquals("scope"u8)))
        {
            look = r;
            while (Next(ref look) == JsonTokenType.PropertyName)
            {
                bool match = look.ValueTextEquals("scope"u8);
                look.Read();
                if (match)
                {
                    Scope(ref look, out scopeName, out scopeVersion);
                }
                else
                {
                    look.Skip();
                }
            }
        }

        while (Next(ref r) == JsonTokenType.PropertyName)
        {
            ReadOnlySpan<byte> name = r.ValueSpan;
            bool escaped = r.ValueIsEscaped;
            r.Read();
            if (Is(name, escaped, "scope"u8))
            {
                Scope(ref r, out scopeName, out scopeVersion);
            }
            else if (Is(name, escaped, ItemArray) && r.TokenType == JsonTokenType.StartArray)
            {
                while (Next(ref r) != JsonTokenType.EndArray)
                {
                    Item(ref r, json, scopeName, scopeVersion);
                }
            }
            else
            {
                r.Skip();
            }
        }
    }

    private void Scope(scoped ref Utf8JsonReader r, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> version)
    {
        ExpectObject(ref r, "scope");
        name = default;
        version = default;
        while (Next(ref r) == JsonTokenType.PropertyName)
        {
            ReadOnlySpan<byte> property = r.ValueSpan;
            bool escaped = r.ValueIsEscaped;
            r.Read();
            if (Is(property, escaped, "name"u8))
            {
                name = Str(ref r, ref _scopeNameScratch);
            }
            else if (Is(property, escaped, "version"u8))
            {
                version = Str(ref r, ref _scopeVersionScratch);
            }
            else
            {
                r.Skip();
            }
        }
    }

    /// <summary>Adds the entries of an <c>attributes</c> array to the open map (the caller closes it).</summary>
    protected void Attributes(scoped ref Utf8JsonReader r, ReadOnlySpan<byte> json, StringMapBuilder map)
    {
        if (r.TokenType != JsonTokenType.StartArray)
        {
            r.Skip();
            return;
        }

        while (Next(ref r) != JsonTokenType.EndArray)
        {
            Attribute(ref r, json, out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value);
            map.Add(key, value);
        }
    }

    /// <summary>One <c>{"key":..., "value":{...}}</c> entry; the value is the first property of the AnyValue object, rendered as the reader does.</summary>
    private void Attribute(scoped ref Utf8JsonReader r, ReadOnlySpan<byte> json, out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        ExpectObject(ref r, "attributes");
        key = default;
        value = default;
        while (Next(ref r) == JsonTokenType.PropertyName)
        {
            ReadOnlySpan<byte> property = r.ValueSpan;
            bool escaped = r.ValueIsEscaped;
            r.Read();
            if (Is(property, escaped, "key"u8))
            {
                key = Str(ref r, ref _keyScratch);
            }
            else if (Is(property, escaped, "value"u8))
            {
                value = AnyValue(ref r, json, ref _valueScratch);
            }
            else
            {
                r.Skip();
            }
        }
    }

    protected static ReadOnlySpan<byte> AnyValue(scoped ref Utf8JsonReader r, ReadOnlySpan<byte> json, scoped ref byte[] scratch)
    {
        if (r.TokenType != JsonTokenType.StartObject)
        {
            throw Bad("a value is not an AnyValue object");
        }

        if (Next(ref r) == JsonTokenType.EndObject)
        {
            return default;
        }

        r.Read();
        ReadOnlySpan<byte> value;
        switch (r.TokenType)
        {
            case JsonTokenType.String:
                value = Str(ref r, ref scratch);
                break;
            case JsonTokenType.True:
                value = "true"u8;
                break;
            case JsonTokenType.False:
                value = "false"u8;
                break;
            default:
                int start = (int)r.TokenStartIndex;
                r.Skip();
                value = json[start..(int)r.BytesConsumed];
                if (!Utf8.IsValid(value))
                {
                    throw Bad("an attribute value holds invalid UTF-8");
                }

                break;
        }

        // Later properties of the AnyValue object are ignored.
        while (Next(ref r) == JsonTokenType.PropertyName)
        {
            r.Read();
            r.Skip();
        }

        return value;
    }

    /// <summary>A string value's UTF-8 bytes (unescaped into <paramref name="scratch"/> when needed); empty for any other token.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static ReadOnlySpan<byte> Str(scoped ref Utf8JsonReader r, scoped ref byte[] scratch)
    {
        if (r.TokenType != JsonTokenType.String)
        {
            r.Skip();
            return default;
        }

        if (!r.ValueIsEscaped)
        {
            ReadOnlySpan<byte> raw = r.ValueSpan;
            return Utf8.IsValid(raw) ? raw : throw Bad("a string holds invalid UTF-8");
        }

        return Unescape(ref r, ref scratch);
    }

    protected static ReadOnlySpan<byte> Unescape(scoped ref Utf8JsonReader r, scoped ref byte[] scratch)
    {
        if (scratch.Length < r.ValueSpan.Length)
        {
            scratch = new byte[Math.Max(r.ValueSpan.Length, scratch.Length * 2)];
        }

        int written = r.CopyString(scratch);
        ReadOnlySpan<byte> value = scratch.AsSpan(0, written);
        return Utf8.IsValid(value) ? value : throw Bad("a string holds invalid UTF-8");
    }

    protected static int Int(scoped ref Utf8JsonReader r, string field)
    {
        if (r.TokenType != JsonTokenType.Number)
        {
            r.Skip();
            return 0;
        }

        return r.TryGetInt32(out int value) ? value : throw Bad($"'{field}' is not a 32-bit integer");
    }

    /// <summary>A 64-bit integer given as a number or a decimal string (unsigned, stored as its two's-complement bits); null reads as 0.</summary>
    protected long Long(scoped ref Utf8JsonReader r, string field)
    {
        switch (r.TokenType)
        {
            case JsonTokenType.Null:
                return 0;
            case JsonTokenType.Number:
                return r.TryGetInt64(out long number) ? number : throw Bad($"'{field}' is not a 64-bit integer");
            case JsonTokenType.String:
                ReadOnlySpan<byte> digits = r.ValueIsEscaped ? Unescape(ref r, ref _numberScratch) : r.ValueSpan;
                if (digits.IsEmpty || digits.Length > 20)
                {
                    throw Bad($"'{field}' is not a decimal integer");
                }

                ulong value = 0;
                foreach (byte b in digits)
                {
                    uint d = (uint)(b - '0');
                    if (d > 9 || value > (ulong.MaxValue - d) / 10)
                    {
                        throw Bad($"'{field}' is not an unsigned 64-bit decimal integer");
                    }

                    value = (value * 10) + d;
                }

                return unchecked((long)value);
            default:
                throw Bad($"'{field}' is not an integer");
        }
    }

    /// <summary>Parses a hex id into <paramref name="into"/>; false when the string is empty (absent id).</summary>
    protected static bool Id(ReadOnlySpan<byte> hex, Span<byte> into, string field)
    {
        if (hex.IsEmpty)
        {
            return false;
        }

        if (hex.Length != into.Length * 2)
        {
            throw Bad($"'{field}' is not {into.Length * 2} hex digits");
        }

        for (int i = 0; i < into.Length; i++)
        {
            int hi = Nibble(hex[2 * i]);
            int lo = Nibble(hex[(2 * i) + 1]);
            if ((hi | lo) < 0)
            {
                throw Bad($"'{field}' is not {into.Length * 2} hex digits");
            }

            into[i] = (byte)((hi << 4) | lo);
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static int Nibble(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static JsonTokenType Next(scoped ref Utf8JsonReader r)
    {
        if (!r.Read())
        {
            throw Bad("the request ends early");
        }

        return r.TokenType;
    }

    /// <summary>Whether the property just read (its name captured before moving to the value) is <paramref name="expected"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static bool Is(ReadOnlySpan<byte> name, bool escaped, ReadOnlySpan<byte> expected) =>
        escaped ? UnescapedEquals(name, expected) : name.SequenceEqual(expected);

    private static bool UnescapedEquals(ReadOnlySpan<byte> escapedName, ReadOnlySpan<byte> expected)
    {
        // Rare: re-read the quoted name on its own to unescape it.
        byte[] quoted = new byte[escapedName.Length + 2];
        quoted[0] = (byte)'"';
        escapedName.CopyTo(quoted.AsSpan(1));
        quoted[^1] = (byte)'"';
        var r = new Utf8JsonReader(quoted);
        r.Read();
        return r.ValueTextEquals(expected);
    }

    protected static void ExpectObject(scoped ref Utf8JsonReader r, string array)
    {
        if (r.TokenType != JsonTokenType.StartObject)
        {
            throw Bad($"an item of '{array}' is not an object");
        }
    }

    protected static InvalidDataException Bad(string detail) => new(detail);

    protected static byte[][] EncodeNames(params string[] names) => [.. names.Select(System.Text.Encoding.UTF8.GetBytes)];
}
