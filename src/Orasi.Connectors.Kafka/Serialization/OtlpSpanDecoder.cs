using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Unicode;
using Orasi.Connectors.Kafka.Serialization.Columns;
using Orasi.Connectors.Telemetry;

namespace Orasi.Connectors.Kafka.Serialization;

/// <summary>
/// Decodes OTLP-JSON trace export requests straight into the Arrow column builders of <see cref="TelemetrySchemas.Traces"/>
/// with a <see cref="Utf8JsonReader"/>: no document, no span objects, no per-row strings. It accepts what
/// <see cref="OtlpJsonReader.Spans"/> accepts (properties in any order, unknown properties skipped, 64-bit integers as
/// numbers or decimal strings, hex ids) and yields the same rows. The resource part of a request is decoded once per
/// distinct raw bytes and then copied as two blocks per row. Malformed input throws <see cref="JsonException"/> or
/// <see cref="InvalidDataException"/>; the caller names the record.
/// </summary>
internal sealed class OtlpSpanDecoder
{
    private static readonly byte[][] SpanKinds = EncodeNames("SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER");
    private static readonly byte[][] StatusCodes = EncodeNames("STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR");

    private readonly SpanColumns _c;
    private readonly ResourceCache _resources = ResourceCache.Current;
    private ResourceCache.Entry _resource = ResourceCache.Entry.Empty;
    private byte[] _keyScratch = new byte[64];
    private byte[] _valueScratch = new byte[256];
    private byte[] _nameScratch = new byte[64];
    private byte[] _stateScratch = new byte[64];
    private byte[] _messageScratch = new byte[64];
    private byte[] _scopeNameScratch = new byte[64];
    private byte[] _scopeVersionScratch = new byte[64];
    private byte[] _numberScratch = new byte[64];
    private byte[] _eventNameScratch = new byte[64];
    private byte[] _linkStateScratch = new byte[64];

    /// <summary>Creates a decoder appending rows to <paramref name="columns"/>.</summary>
    public OtlpSpanDecoder(SpanColumns columns) => _c = columns;

    /// <summary>The columns rows are appended to.</summary>
    public SpanColumns Columns => _c;

    /// <summary>Appends the spans of one OTLP-JSON export request, in document order.</summary>
    public void Decode(ReadOnlySpan<byte> json)
    {
        var r = new Utf8JsonReader(json);
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
        {
            throw Bad("the value is not a JSON object");
        }

        while (Next(ref r) == JsonTokenType.PropertyName)
        {
            bool match = r.ValueTextEquals("resourceSpans"u8);
            r.Read();
            if (match && r.TokenType == JsonTokenType.StartArray)
            {
                while (Next(ref r) != JsonTokenType.EndArray)
                {
                    ResourceSpans(ref r, json);
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

    private void ResourceSpans(scoped ref Utf8JsonReader r, ReadOnlySpan<byte> json)
    {
        ExpectObject(ref r, "resourceSpans");
        _resource = ResourceCache.Entry.Empty;
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
                    _resource = Resource(ref look, json);
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
                _resource = Resource(ref r, json);
            }
            else if (Is(name, escaped, "scopeSpans"u8) && r.TokenType == JsonTokenType.StartArray)
            {
                while (Next(ref r) != JsonTokenType.EndArray)
                {
                    ScopeSpans(ref r, json);
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

    private void ScopeSpans(scoped ref Utf8JsonReader r, ReadOnlySpan<byte> json)
    {
        ExpectObject(ref r, "scopeSpans");
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
            else if (Is(name, escaped, "spans"u8) && r.TokenType == JsonTokenType.StartArray)
            {
                while (Next(ref r) != JsonTokenType.EndArray)
                {
                    Span(ref r, json, scopeName, scopeVersion);
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Span(scoped ref Utf8JsonReader r, ReadOnlySpan<byte> json, ReadOnlySpan<byte> scopeName, ReadOnlySpan<byte> scopeVersion)
    {
        ExpectObject(ref r, "spans");
        SpanColumns c = _c;
        Span<byte> traceId = stackalloc byte[16];
        Span<byte> spanId = stackalloc byte[8];
        Span<byte> parent = stackalloc byte[8];
        bool hasTrace = false;
        bool hasSpan = false;
        bool hasParent = false;
        ReadOnlySpan<byte> traceState = default;
        ReadOnlySpan<byte> name = default;
        ReadOnlySpan<byte> message = default;
        int kind = 0;
        int code = 0;
        long start = 0;
        long end = 0;
        while (Next(ref r) == JsonTokenType.PropertyName)
        {
            ReadOnlySpan<byte> property = r.ValueSpan;
            bool escaped = r.ValueIsEscaped;
            r.Read();
            if (Is(property, escaped, "traceId"u8))
            {
                hasTrace = Id(Str(ref r, ref _valueScratch), traceId, "traceId");
            }
            else if (Is(property, escaped, "spanId"u8))
            {
                hasSpan = Id(Str(ref r, ref _valueScratch), spanId, "spanId");
            }
            else if (Is(property, escaped, "parentSpanId"u8))
            {
                hasParent = Id(Str(ref r, ref _valueScratch), parent, "parentSpanId");
            }
            else if (Is(property, escaped, "traceState"u8))
            {
                traceState = Str(ref r, ref _stateScratch);
            }
            else if (Is(property, escaped, "name"u8))
            {
                name = Str(ref r, ref _nameScratch);
            }
            else if (Is(property, escaped, "kind"u8))
            {
                kind = Int(ref r, "kind");
            }
            else if (Is(property, escaped, "startTimeUnixNano"u8))
            {
                start = Long(ref r, "startTimeUnixNano");
            }
            else if (Is(property, escaped, "endTimeUnixNano"u8))
            {
                end = Long(ref r, "endTimeUnixNano");
            }
            else if (Is(property, escaped, "attributes"u8))
            {
                Attributes(ref r, json, c.Attributes);
            }
            else if (Is(property, escaped, "events"u8))
            {
                Events(ref r, json);
            }
            else if (Is(property, escaped, "links"u8))
            {
                Links(ref r, json);
            }
            else if (Is(property, escaped, "status"u8))
            {
                code = 0;
                message = default;
                if (r.TokenType == JsonTokenType.StartObject)
                {
                    while (Next(ref r) == JsonTokenType.PropertyName)
                    {
                        ReadOnlySpan<byte> p = r.ValueSpan;
                        bool e = r.ValueIsEscaped;
                        r.Read();
                        if (Is(p, e, "code"u8))
                        {
                            code = Int(ref r, "status.code");
                        }
                        else if (Is(p, e, "message"u8))
                        {
                            message = Str(ref r, ref _messageScratch);
                        }
                        else
                        {
                            r.Skip();
                        }
                    }
                }
                else
                {
                    r.Skip();
                }
            }
            else
            {
                r.Skip();
            }
        }

        if (!hasTrace || !hasSpan)
        {
            throw Bad(hasTrace ? "a span has no spanId" : "a span has no traceId");
        }

        if ((uint)kind >= (uint)SpanKinds.Length || (uint)code >= (uint)StatusCodes.Length)
        {
            throw Bad((uint)kind >= (uint)SpanKinds.Length ? $"span kind {kind} is not an OTLP span kind" : $"status code {code} is not an OTLP status code");
        }

        if (end < start)
        {
            throw Bad($"a span ends at {end} ns, before its start at {start} ns");
        }

        c.Start.Append(start);
        c.End.Append(end);
        c.Duration.Append(end - start);
        c.EventDate.Append(TelemetrySchemas.EventDateOf(start));
        traceId.CopyTo(c.TraceId.AppendWritable());
        spanId.CopyTo(c.SpanId.AppendWritable());
        if (hasParent)
        {
            parent.CopyTo(c.ParentSpanId.AppendWritable());
        }
        else
        {
            c.ParentSpanId.AppendNull();
        }

        c.TraceState.Append(traceState);
        c.Name.Append(name);
        c.Kind.Append(SpanKinds[kind]);
        ResourceCache.Entry resource = _resource;
        c.Service.Append(resource.Service);
        c.Resource.Keys.AppendConcatenated(resource.KeysBlob, resource.KeyLengths);
        c.Resource.Values.AppendConcatenated(resource.ValuesBlob, resource.ValueLengths);
        c.Resource.EndMap();
        c.ScopeName.Append(scopeName);
        c.ScopeVersion.Append(scopeVersion);
        c.Attributes.EndMap();
        c.StatusCode.Append(StatusCodes[code]);
        c.StatusMessage.Append(message);
        c.Events.Close(c.EventTime.Count);
        c.Links.Close(c.LinkTraceId.Count);
    }

    private void Events(scoped ref Utf8JsonReader r, ReadOnlySpan<byte> json)
    {
        if (r.TokenType != JsonTokenType.StartArray)
        {
            r.Skip();
            return;
        }

        SpanColumns c = _c;
        while (Next(ref r) != JsonTokenType.EndArray)
        {
            ExpectObject(ref r, "events");
            long time = 0;
            ReadOnlySpan<byte> name = default;
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                ReadOnlySpan<byte> property = r.ValueSpan;
                bool escaped = r.ValueIsEscaped;
                r.Read();
                if (Is(property, escaped, "timeUnixNano"u8))
                {
                    time = Long(ref r, "events.timeUnixNano");
                }
                else if (Is(property, escaped, "name"u8))
                {
                    name = Str(ref r, ref _eventNameScratch);
                }
                else if (Is(property, escaped, "attributes"u8))
                {
                    Attributes(ref r, json, c.EventAttributes);
                }
                else
                {
                    r.Skip();
                }
            }

            c.EventTime.Append(time);
            c.EventName.Append(name);
            c.EventAttributes.EndMap();
        }
    }

    private void Links(scoped ref Utf8JsonReader r, ReadOnlySpan<byte> json)
    {
        if (r.TokenType != JsonTokenType.StartArray)
        {
            r.Skip();
            return;
        }

        SpanColumns c = _c;
        Span<byte> traceId = stackalloc byte[16];
        Span<byte> spanId = stackalloc byte[8];
        while (Next(ref r) != JsonTokenType.EndArray)
        {
            ExpectObject(ref r, "links");
            bool hasTrace = false;
            bool hasSpan = false;
            ReadOnlySpan<byte> state = default;
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                ReadOnlySpan<byte> property = r.ValueSpan;
                bool escaped = r.ValueIsEscaped;
                r.Read();
                if (Is(property, escaped, "traceId"u8))
                {
                    hasTrace = Id(Str(ref r, ref _valueScratch), traceId, "links.traceId");
                }
                else if (Is(property, escaped, "spanId"u8))
                {
                    hasSpan = Id(Str(ref r, ref _valueScratch), spanId, "links.spanId");
                }
                else if (Is(property, escaped, "traceState"u8))
                {
                    state = Str(ref r, ref _linkStateScratch);
                }
                else if (Is(property, escaped, "attributes"u8))
                {
                    Attributes(ref r, json, c.LinkAttributes);
                }
                else
                {
                    r.Skip();
                }
            }

            if (!hasTrace || !hasSpan)
            {
                throw Bad(hasTrace ? "a span link has no spanId" : "a span link has no traceId");
            }

            traceId.CopyTo(c.LinkTraceId.AppendWritable());
            spanId.CopyTo(c.LinkSpanId.AppendWritable());
            c.LinkTraceState.Append(state);
            c.LinkAttributes.EndMap();
        }
    }

    /// <summary>Adds the entries of an <c>attributes</c> array to the open map (the caller closes it).</summary>
    private void Attributes(scoped ref Utf8JsonReader r, ReadOnlySpan<byte> json, StringMapBuilder map)
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
                value = AnyValue(ref r, json);
            }
            else
            {
                r.Skip();
            }
        }
    }

    private ReadOnlySpan<byte> AnyValue(scoped ref Utf8JsonReader r, ReadOnlySpan<byte> json)
    {
        if (r.TokenType != JsonTokenType.StartObject)
        {
            throw Bad("an attribute value is not an AnyValue object");
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
                value = Str(ref r, ref _valueScratch);
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
    private static ReadOnlySpan<byte> Str(scoped ref Utf8JsonReader r, ref byte[] scratch)
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

    private static ReadOnlySpan<byte> Unescape(scoped ref Utf8JsonReader r, ref byte[] scratch)
    {
        if (scratch.Length < r.ValueSpan.Length)
        {
            scratch = new byte[Math.Max(r.ValueSpan.Length, scratch.Length * 2)];
        }

        int written = r.CopyString(scratch);
        ReadOnlySpan<byte> value = scratch.AsSpan(0, written);
        return Utf8.IsValid(value) ? value : throw Bad("a string holds invalid UTF-8");
    }

    private static int Int(scoped ref Utf8JsonReader r, string field)
    {
        if (r.TokenType != JsonTokenType.Number)
        {
            r.Skip();
            return 0;
        }

        return r.TryGetInt32(out int value) ? value : throw Bad($"'{field}' is not a 32-bit integer");
    }

    /// <summary>A 64-bit integer given as a number or a decimal string (unsigned, stored as its two's-complement bits); null reads as 0.</summary>
    private long Long(scoped ref Utf8JsonReader r, string field)
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
    private static bool Id(ReadOnlySpan<byte> hex, Span<byte> into, string field)
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
    private static int Nibble(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static JsonTokenType Next(scoped ref Utf8JsonReader r)
    {
        if (!r.Read())
        {
            throw Bad("the request ends early");
        }

        return r.TokenType;
    }

    /// <summary>Whether the property just read (its name captured before moving to the value) is <paramref name="expected"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Is(ReadOnlySpan<byte> name, bool escaped, ReadOnlySpan<byte> expected) =>
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

    private static void ExpectObject(scoped ref Utf8JsonReader r, string array)
    {
        if (r.TokenType != JsonTokenType.StartObject)
        {
            throw Bad($"an item of '{array}' is not an object");
        }
    }

    private static InvalidDataException Bad(string detail) => new(detail);

    private static byte[][] EncodeNames(params string[] names) => [.. names.Select(System.Text.Encoding.UTF8.GetBytes)];
}
