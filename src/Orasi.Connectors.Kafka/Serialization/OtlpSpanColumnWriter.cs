using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Arrays;
using Apache.Arrow.Types;
using N = Orasi.Connectors.Telemetry.TelemetryColumnNames;

namespace Orasi.Connectors.Kafka.Serialization;

/// <summary>
/// Writes OTLP-JSON for rows of a traces batch straight from the Arrow columns — no <c>Span</c> objects, no per-row
/// strings — producing byte for byte what <see cref="OtlpJsonWriter.Spans"/> writes for the same rows.
/// </summary>
internal sealed class OtlpSpanColumnWriter
{
    private static readonly byte[][] SpanKinds = Utf8("SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER");
    private static readonly byte[][] StatusCodes = Utf8("STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR");
    private static readonly byte[] ServiceNameKey = "service.name"u8.ToArray();
    private static readonly JsonEncodedText ResourceSpansName = JsonEncodedText.Encode("resourceSpans");
    private static readonly JsonEncodedText ResourceName = JsonEncodedText.Encode("resource");
    private static readonly JsonEncodedText AttributesName = JsonEncodedText.Encode("attributes");
    private static readonly JsonEncodedText ScopeSpansName = JsonEncodedText.Encode("scopeSpans");
    private static readonly JsonEncodedText ScopeName = JsonEncodedText.Encode("scope");
    private static readonly JsonEncodedText NameName = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText VersionName = JsonEncodedText.Encode("version");
    private static readonly JsonEncodedText SpansName = JsonEncodedText.Encode("spans");
    private static readonly JsonEncodedText TraceIdName = JsonEncodedText.Encode("traceId");
    private static readonly JsonEncodedText SpanIdName = JsonEncodedText.Encode("spanId");
    private static readonly JsonEncodedText TraceStateName = JsonEncodedText.Encode("traceState");
    private static readonly JsonEncodedText ParentSpanIdName = JsonEncodedText.Encode("parentSpanId");
    private static readonly JsonEncodedText KindName = JsonEncodedText.Encode("kind");
    private static readonly JsonEncodedText StartName = JsonEncodedText.Encode("startTimeUnixNano");
    private static readonly JsonEncodedText EndName = JsonEncodedText.Encode("endTimeUnixNano");
    private static readonly JsonEncodedText EventsName = JsonEncodedText.Encode("events");
    private static readonly JsonEncodedText TimeName = JsonEncodedText.Encode("timeUnixNano");
    private static readonly JsonEncodedText LinksName = JsonEncodedText.Encode("links");
    private static readonly JsonEncodedText StatusName = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText MessageName = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText CodeName = JsonEncodedText.Encode("code");
    private static readonly JsonEncodedText KeyName = JsonEncodedText.Encode("key");
    private static readonly JsonEncodedText ValueName = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText StringValueName = JsonEncodedText.Encode("stringValue");

    private readonly TimestampArray _start;
    private readonly TimestampArray _end;
    private readonly long _startUnit;
    private readonly long _endUnit;
    private readonly FixedSizeBinaryArray _traceId;
    private readonly FixedSizeBinaryArray _spanId;
    private readonly FixedSizeBinaryArray _parent;
    private readonly StringArray _traceState;
    private readonly StringArray _name;
    private readonly StringArray _kind;
    private readonly StringArray _service;
    private readonly MapArray _resource;
    private readonly StringArray _scopeName;
    private readonly StringArray _scopeVersion;
    private readonly MapArray _attributes;
    private readonly StringArray _statusCode;
    private readonly StringArray _statusMessage;
    private readonly ListArray _events;
    private readonly ListArray _links;

    private OtlpSpanColumnWriter(RecordBatch batch)
    {
        _start = Column<TimestampArray>(batch, N.Timestamp)!;
        _end = Column<TimestampArray>(batch, N.EndTimestamp)!;
        _startUnit = NanosPerUnit(_start);
        _endUnit = NanosPerUnit(_end);
        _traceId = Column<FixedSizeBinaryArray>(batch, N.TraceId)!;
        _spanId = Column<FixedSizeBinaryArray>(batch, N.SpanId)!;
        _parent = Column<FixedSizeBinaryArray>(batch, N.ParentSpanId)!;
        _traceState = Column<StringArray>(batch, N.TraceState)!;
        _name = Column<StringArray>(batch, N.SpanName)!;
        _kind = Column<StringArray>(batch, N.SpanKind)!;
        _service = Column<StringArray>(batch, N.ServiceName)!;
        _resource = Column<MapArray>(batch, N.ResourceAttributes)!;
        _scopeName = Column<StringArray>(batch, N.ScopeName)!;
        _scopeVersion = Column<StringArray>(batch, N.ScopeVersion)!;
        _attributes = Column<MapArray>(batch, N.SpanAttributes)!;
        _statusCode = Column<StringArray>(batch, N.StatusCode)!;
        _statusMessage = Column<StringArray>(batch, N.StatusMessage)!;
        _events = Column<ListArray>(batch, N.Events)!;
        _links = Column<ListArray>(batch, N.Links)!;
    }

    /// <summary>A writer for <paramref name="batch"/>, or null when a column is missing or has an unexpected type (the object path then reports it).</summary>
    public static OtlpSpanColumnWriter? TryCreate(RecordBatch batch)
    {
        string[] strings = [N.TraceState, N.SpanName, N.SpanKind, N.ServiceName, N.ScopeName, N.ScopeVersion, N.StatusCode, N.StatusMessage];
        bool ok = Column<TimestampArray>(batch, N.Timestamp) is not null && Column<TimestampArray>(batch, N.EndTimestamp) is not null
            && Column<FixedSizeBinaryArray>(batch, N.TraceId) is { } t && ((FixedSizeBinaryType)t.Data.DataType).ByteWidth == 16
            && Column<FixedSizeBinaryArray>(batch, N.SpanId) is { } s && ((FixedSizeBinaryType)s.Data.DataType).ByteWidth == 8
            && Column<FixedSizeBinaryArray>(batch, N.ParentSpanId) is { } p && ((FixedSizeBinaryType)p.Data.DataType).ByteWidth == 8
            && strings.All(n => Column<StringArray>(batch, n) is not null)
            && IsStringMap(Column<MapArray>(batch, N.ResourceAttributes)) && IsStringMap(Column<MapArray>(batch, N.SpanAttributes))
            && Column<ListArray>(batch, N.Events) is { } e && e.Values is StructArray { Fields: [TimestampArray, StringArray, MapArray em] } && IsStringMap(em)
            && Column<ListArray>(batch, N.Links) is { } l && l.Values is StructArray { Fields: [FixedSizeBinaryArray lt, FixedSizeBinaryArray ls, StringArray, MapArray lm] }
            && ((FixedSizeBinaryType)lt.Data.DataType).ByteWidth == 16 && ((FixedSizeBinaryType)ls.Data.DataType).ByteWidth == 8 && IsStringMap(lm);
        return ok ? new OtlpSpanColumnWriter(batch) : null;
    }

    /// <summary>Writes one OTLP-JSON export request holding rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(Utf8JsonWriter w, int start, int count)
    {
        w.WriteStartObject();
        w.WriteStartArray(ResourceSpansName);
        int i = start;
        int end = start + count;
        while (i < end)
        {
            int first = i;
            w.WriteStartObject();
            Resource(w, first);
            w.WriteStartArray(ScopeSpansName);
            w.WriteStartObject();
            w.WriteStartObject(ScopeName);
            w.WriteString(NameName, _scopeName.GetBytes(first));
            w.WriteString(VersionName, _scopeVersion.GetBytes(first));
            w.WriteEndObject();
            w.WriteStartArray(SpansName);
            while (i < end && (i == first || SameScope(first, i)))
            {
                Span(w, i);
                i++;
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static T? Column<T>(RecordBatch batch, string name)
        where T : class, IArrowArray
    {
        int index = batch.Schema.GetFieldIndex(name, StringComparer.Ordinal);
        return index < 0 ? null : batch.Column(index) as T;
    }

    private static bool IsStringMap(MapArray? map) => map is not null && map.KeyValues.Fields is [StringArray, StringArray];

    private static long NanosPerUnit(TimestampArray array) => ((TimestampType)array.Data.DataType).Unit switch
    {
        TimeUnit.Second => 1_000_000_000L,
        TimeUnit.Millisecond => 1_000_000L,
        TimeUnit.Microsecond => 1_000L,
        _ => 1L,
    };

    private static byte[][] Utf8(params string[] names) => [.. names.Select(System.Text.Encoding.UTF8.GetBytes)];

    private static int Parse(byte[][] names, ReadOnlySpan<byte> value, string column)
    {
        for (int k = 0; k < names.Length; k++)
        {
            if (value.SequenceEqual(names[k]))
            {
                return k;
            }
        }

        throw new CorruptDataException(
            $"Column '{column}' holds '{System.Text.Encoding.UTF8.GetString(value)}', which is not one of {string.Join(", ", names.Select(System.Text.Encoding.UTF8.GetString))}; the batch does not follow the telemetry schema.");
    }

    private bool SameScope(int a, int b) =>
        _service.GetBytes(a).SequenceEqual(_service.GetBytes(b))
        && _scopeName.GetBytes(a).SequenceEqual(_scopeName.GetBytes(b))
        && _scopeVersion.GetBytes(a).SequenceEqual(_scopeVersion.GetBytes(b))
        && SameMap(_resource, a, b);

    private static (int First, int Length) Entries(MapArray map, int row) =>
        map.IsNull(row) ? (0, 0) : (map.KeyValues.Offset + map.ValueOffsets[row], map.GetValueLength(row));

    private static bool SameMap(MapArray map, int a, int b)
    {
        var (fa, la) = Entries(map, a);
        var (fb, lb) = Entries(map, b);
        if (la != lb)
        {
            return false;
        }

        if (fa == fb)
        {
            return true;
        }

        var keys = (StringArray)map.KeyValues.Fields[0];
        var values = (StringArray)map.KeyValues.Fields[1];
        for (int k = 0; k < la; k++)
        {
            if (!keys.GetBytes(fa + k).SequenceEqual(keys.GetBytes(fb + k)) || !values.GetBytes(fa + k).SequenceEqual(values.GetBytes(fb + k)))
            {
                return false;
            }
        }

        return true;
    }

    private void Resource(Utf8JsonWriter w, int row)
    {
        w.WriteStartObject(ResourceName);
        w.WriteStartArray(AttributesName);
        var (first, length) = Entries(_resource, row);
        var keys = (StringArray)_resource.KeyValues.Fields[0];
        var values = (StringArray)_resource.KeyValues.Fields[1];
        bool hasServiceName = false;
        for (int k = 0; k < length && !hasServiceName; k++)
        {
            hasServiceName = keys.GetBytes(first + k).SequenceEqual(ServiceNameKey);
        }

        if (!hasServiceName)
        {
            Attribute(w, ServiceNameKey, _service.GetBytes(row));
        }

        for (int k = 0; k < length; k++)
        {
            Attribute(w, keys.GetBytes(first + k), values.GetBytes(first + k));
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Attributes(Utf8JsonWriter w, MapArray map, int row)
    {
        w.WriteStartArray(AttributesName);
        var (first, length) = Entries(map, row);
        if (length > 0)
        {
            var keys = (StringArray)map.KeyValues.Fields[0];
            var values = (StringArray)map.KeyValues.Fields[1];
            for (int k = 0; k < length; k++)
            {
                Attribute(w, keys.GetBytes(first + k), values.GetBytes(first + k));
            }
        }

        w.WriteEndArray();
    }

    private static void Attribute(Utf8JsonWriter w, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        w.WriteStartObject();
        w.WriteString(KeyName, key);
        w.WriteStartObject(ValueName);
        w.WriteString(StringValueName, value);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Nanos(Utf8JsonWriter w, JsonEncodedText name, long value)
    {
        Span<byte> digits = stackalloc byte[24];
        ((ulong)value).TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
        w.WriteString(name, digits[..written]);
    }

    private static void Id(Utf8JsonWriter w, JsonEncodedText name, FixedSizeBinaryArray ids, int row)
    {
        ReadOnlySpan<byte> bytes = ids.IsNull(row) ? default : ids.GetBytes(row);
        int width = ((FixedSizeBinaryType)ids.Data.DataType).ByteWidth;
        Span<byte> hex = stackalloc byte[width * 2];
        if (bytes.IsEmpty)
        {
            hex.Fill((byte)'0');
        }
        else
        {
            Convert.TryToHexStringLower(bytes, hex, out _);
        }

        w.WriteString(name, hex);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Span(Utf8JsonWriter w, int row)
    {
        w.WriteStartObject();
        Id(w, TraceIdName, _traceId, row);
        Id(w, SpanIdName, _spanId, row);
        ReadOnlySpan<byte> traceState = _traceState.GetBytes(row);
        if (traceState.Length > 0)
        {
            w.WriteString(TraceStateName, traceState);
        }

        if (!_parent.IsNull(row))
        {
            Id(w, ParentSpanIdName, _parent, row);
        }

        w.WriteString(NameName, _name.GetBytes(row));
        w.WriteNumber(KindName, Parse(SpanKinds, _kind.GetBytes(row), N.SpanKind));
        Nanos(w, StartName, _start.Values[row] * _startUnit);
        Nanos(w, EndName, _end.Values[row] * _endUnit);
        Attributes(w, _attributes, row);
        Events(w, row);
        Links(w, row);
        int code = Parse(StatusCodes, _statusCode.GetBytes(row), N.StatusCode);
        w.WriteStartObject(StatusName);
        ReadOnlySpan<byte> message = _statusMessage.GetBytes(row);
        if (message.Length > 0)
        {
            w.WriteString(MessageName, message);
        }

        w.WriteNumber(CodeName, code);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private void Events(Utf8JsonWriter w, int row)
    {
        int length = _events.IsNull(row) ? 0 : _events.GetValueLength(row);
        if (length == 0)
        {
            return;
        }

        var items = (StructArray)_events.Values;
        var time = (TimestampArray)items.Fields[0];
        var name = (StringArray)items.Fields[1];
        var attributes = (MapArray)items.Fields[2];
        long unit = NanosPerUnit(time);
        int first = items.Offset + _events.ValueOffsets[row];
        w.WriteStartArray(EventsName);
        for (int j = 0; j < length; j++)
        {
            int k = first + j;
            w.WriteStartObject();
            Nanos(w, TimeName, time.Values[k] * unit);
            w.WriteString(NameName, name.GetBytes(k));
            Attributes(w, attributes, k);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private void Links(Utf8JsonWriter w, int row)
    {
        int length = _links.IsNull(row) ? 0 : _links.GetValueLength(row);
        if (length == 0)
        {
            return;
        }

        var items = (StructArray)_links.Values;
        var traceId = (FixedSizeBinaryArray)items.Fields[0];
        var spanId = (FixedSizeBinaryArray)items.Fields[1];
        var traceState = (StringArray)items.Fields[2];
        var attributes = (MapArray)items.Fields[3];
        int first = items.Offset + _links.ValueOffsets[row];
        w.WriteStartArray(LinksName);
        for (int j = 0; j < length; j++)
        {
            int k = first + j;
            w.WriteStartObject();
            Id(w, TraceIdName, traceId, k);
            Id(w, SpanIdName, spanId, k);
            ReadOnlySpan<byte> state = traceState.GetBytes(k);
            if (state.Length > 0)
            {
                w.WriteString(TraceStateName, state);
            }

            Attributes(w, attributes, k);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
