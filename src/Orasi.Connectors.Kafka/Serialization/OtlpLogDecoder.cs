using System.Text.Json;
using Orasi.Connectors.Kafka.Serialization.Columns;
using Orasi.Connectors.Telemetry;

namespace Orasi.Connectors.Kafka.Serialization;

/// <summary>
/// Decodes OTLP-JSON log export requests straight into the Arrow column builders of <see cref="TelemetrySchemas.Logs"/>,
/// yielding the rows <see cref="OtlpJsonReader.Logs"/> and <see cref="LogBatchBuilder"/> would.
/// </summary>
internal sealed class OtlpLogDecoder : OtlpColumnDecoder
{
    private readonly LogColumns _c;
    private byte[] _severityScratch = new byte[32];
    private byte[] _bodyScratch = new byte[256];

    /// <summary>Creates a decoder appending rows to <paramref name="columns"/>.</summary>
    public OtlpLogDecoder(LogColumns columns) => _c = columns;

    /// <inheritdoc />
    protected override ReadOnlySpan<byte> ResourceArray => "resourceLogs"u8;

    /// <inheritdoc />
    protected override ReadOnlySpan<byte> ScopeArray => "scopeLogs"u8;

    /// <inheritdoc />
    protected override ReadOnlySpan<byte> ItemArray => "logRecords"u8;

    /// <inheritdoc />
    protected override void Item(scoped ref Utf8JsonReader r, ReadOnlySpan<byte> json, ReadOnlySpan<byte> scopeName, ReadOnlySpan<byte> scopeVersion)
    {
        ExpectObject(ref r, "logRecords");
        LogColumns c = _c;
        Span<byte> traceId = stackalloc byte[16];
        Span<byte> spanId = stackalloc byte[8];
        bool hasTrace = false;
        bool hasSpan = false;
        long time = 0;
        long observed = 0;
        int flags = 0;
        int severity = 0;
        ReadOnlySpan<byte> severityText = default;
        ReadOnlySpan<byte> body = default;
        while (Next(ref r) == JsonTokenType.PropertyName)
        {
            ReadOnlySpan<byte> property = r.ValueSpan;
            bool escaped = r.ValueIsEscaped;
            r.Read();
            if (Is(property, escaped, "timeUnixNano"u8))
            {
                time = Long(ref r, "timeUnixNano");
            }
            else if (Is(property, escaped, "observedTimeUnixNano"u8))
            {
                observed = Long(ref r, "observedTimeUnixNano");
            }
            else if (Is(property, escaped, "traceId"u8))
            {
                hasTrace = Id(Str(ref r, ref ValueScratch), traceId, "traceId");
            }
            else if (Is(property, escaped, "spanId"u8))
            {
                hasSpan = Id(Str(ref r, ref ValueScratch), spanId, "spanId");
            }
            else if (Is(property, escaped, "flags"u8))
            {
                flags = Int(ref r, "flags");
            }
            else if (Is(property, escaped, "severityText"u8))
            {
                severityText = Str(ref r, ref _severityScratch);
            }
            else if (Is(property, escaped, "severityNumber"u8))
            {
                severity = Int(ref r, "severityNumber");
            }
            else if (Is(property, escaped, "body"u8))
            {
                body = AnyValue(ref r, json, ref _bodyScratch);
            }
            else if (Is(property, escaped, "attributes"u8))
            {
                Attributes(ref r, json, c.Attributes);
            }
            else
            {
                r.Skip();
            }
        }

        c.Time.Append(time);
        c.Observed.Append(observed);
        c.EventDate.Append(TelemetrySchemas.EventDateOf(time));
        if (hasTrace)
        {
            traceId.CopyTo(c.TraceId.AppendWritable());
        }
        else
        {
            c.TraceId.AppendNull();
        }

        if (hasSpan)
        {
            spanId.CopyTo(c.SpanId.AppendWritable());
        }
        else
        {
            c.SpanId.AppendNull();
        }

        c.TraceFlags.Append(flags);
        c.SeverityText.Append(severityText);
        c.SeverityNumber.Append(severity);
        ResourceCache.Entry resource = CurrentResource;
        c.Service.Append(resource.Service);
        c.Body.Append(body);
        c.Resource.Keys.AppendConcatenated(resource.KeysBlob, resource.KeyLengths);
        c.Resource.Values.AppendConcatenated(resource.ValuesBlob, resource.ValueLengths);
        c.Resource.EndMap();
        c.ScopeName.Append(scopeName);
        c.ScopeVersion.Append(scopeVersion);
        c.Attributes.EndMap();
    }
}
