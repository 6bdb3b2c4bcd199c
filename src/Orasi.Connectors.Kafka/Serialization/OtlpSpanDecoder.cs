using System.Runtime.CompilerServices;
using System.Text.Json;
using Orasi.Connectors.Kafka.Serialization.Columns;
using Orasi.Connectors.Telemetry;

namespace Orasi.Connectors.Kafka.Serialization;

/// <summary>
/// Decodes OTLP-JSON trace export requests straight into the Arrow column builders of <see cref="TelemetrySchemas.Traces"/>,
/// yielding the rows <see cref="OtlpJsonReader.Spans"/> and <see cref="SpanBatchBuilder"/> would.
/// </summary>
internal sealed class OtlpSpanDecoder : OtlpColumnDecoder
{
    private static readonly byte[][] SpanKinds = EncodeNames("SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER");
    private static readonly byte[][] StatusCodes = EncodeNames("STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR");

    private readonly SpanColumns _c;
    private byte[] _nameScratch = new byte[64];
    private byte[] _stateScratch = new byte[64];
    private byte[] _messageScratch = new byte[64];
    private byte[] _eventNameScratch = new byte[64];
    private byte[] _linkStateScratch = new byte[64];

    /// <summary>Creates a decoder appending rows to <paramref name="columns"/>.</summary>
    public OtlpSpanDecoder(SpanColumns columns) => _c = columns;

    /// <inheritdoc />
    protected override ReadOnlySpan<byte> ResourceArray => "resourceSpans"u8;

    /// <inheritdoc />
    protected override ReadOnlySpan<byte> ScopeArray => "scopeSpans"u8;

    /// <inheritdoc />
    protected override ReadOnlySpan<byte> ItemArray => "spans"u8;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Item(scoped ref Utf8JsonReader r, ReadOnlySpan<byte> json, ReadOnlySpan<byte> scopeName, ReadOnlySpan<byte> scopeVersion)
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
                hasTrace = Id(Str(ref r, ref ValueScratch), traceId, "traceId");
            }
            else if (Is(property, escaped, "spanId"u8))
            {
                hasSpan = Id(Str(ref r, ref ValueScratch), spanId, "spanId");
            }
            else if (Is(property, escaped, "parentSpanId"u8))
            {
                hasParent = Id(Str(ref r, ref ValueScratch), parent, "parentSpanId");
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
        ResourceCache.Entry resource = CurrentResource;
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
                    hasTrace = Id(Str(ref r, ref ValueScratch), traceId, "links.traceId");
                }
                else if (Is(property, escaped, "spanId"u8))
                {
                    hasSpan = Id(Str(ref r, ref ValueScratch), spanId, "links.spanId");
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
}
