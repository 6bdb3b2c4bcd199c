using System.Runtime.CompilerServices;
using Apache.Arrow;
using Apache.Arrow.Arrays;
using Apache.Arrow.Types;
using N = Orasi.Connectors.Telemetry.TelemetryColumnNames;

namespace Orasi.Connectors.Kafka.Serialization;

/// <summary>
/// Writes OTLP-JSON for rows of a traces batch straight from the Arrow columns — no <c>Span</c> objects, no per-row
/// strings, no <c>Utf8JsonWriter</c> — producing byte for byte what <see cref="OtlpJsonWriter.Spans"/> writes for the same rows.
/// </summary>
internal sealed class OtlpSpanColumnWriter
{
    private static readonly byte[][] SpanKinds = Utf8("SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER");
    private static readonly byte[][] StatusCodes = Utf8("STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR");
    private static readonly byte[] ServiceNameKey = "service.name"u8.ToArray();

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

    /// <summary>Appends one OTLP-JSON export request holding rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(JsonUtf8Buffer w, int start, int count)
    {
        w.Raw("{\"resourceSpans\":["u8);
        int i = start;
        int end = start + count;
        while (i < end)
        {
            int first = i;
            if (i != start)
            {
                w.Byte((byte)',');
            }

            GroupPrefix(w, first);
            while (i < end && (i == first || SameScope(first, i)))
            {
                if (i != first)
                {
                    w.Byte((byte)',');
                }

                Span(w, i);
                i++;
            }

            w.Raw("]}]}"u8);
        }

        w.Raw("]}"u8);
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

    /// <summary>Writes the resource and scope that open a group, from the per-thread cache when these bytes were seen before.</summary>
    private void GroupPrefix(JsonUtf8Buffer w, int row)
    {
        var (first, length) = Entries(_resource, row);
        var key = new ScopeKey(
            _service.GetBytes(row), _scopeName.GetBytes(row), _scopeVersion.GetBytes(row),
            (StringArray)_resource.KeyValues.Fields[0], (StringArray)_resource.KeyValues.Fields[1], first, length);
        ScopePrefixCache cache = ScopePrefixCache.Current;
        if (cache.Find(key) is { } cached)
        {
            w.Raw(cached);
            return;
        }

        int start = w.Length;
        w.Raw("{\"resource\":{\"attributes\":["u8);
        Resource(w, row);
        w.Raw("]},\"scopeSpans\":[{\"scope\":{\"name\":"u8);
        w.String(key.ScopeName);
        w.Raw(",\"version\":"u8);
        w.String(key.ScopeVersion);
        w.Raw("},\"spans\":["u8);
        cache.Add(key, w.ToArray(start));
    }

    private void Resource(JsonUtf8Buffer w, int row)
    {
        var (first, length) = Entries(_resource, row);
        var keys = (StringArray)_resource.KeyValues.Fields[0];
        var values = (StringArray)_resource.KeyValues.Fields[1];
        bool hasServiceName = false;
        for (int k = 0; k < length && !hasServiceName; k++)
        {
            hasServiceName = keys.GetBytes(first + k).SequenceEqual(ServiceNameKey);
        }

        bool comma = false;
        if (!hasServiceName)
        {
            Attribute(w, ServiceNameKey, _service.GetBytes(row));
            comma = true;
        }

        for (int k = 0; k < length; k++)
        {
            if (comma)
            {
                w.Byte((byte)',');
            }

            Attribute(w, keys.GetBytes(first + k), values.GetBytes(first + k));
            comma = true;
        }
    }

    private static void Attributes(JsonUtf8Buffer w, MapArray map, int row)
    {
        w.Raw(",\"attributes\":["u8);
        var (first, length) = Entries(map, row);
        if (length > 0)
        {
            var keys = (StringArray)map.KeyValues.Fields[0];
            var values = (StringArray)map.KeyValues.Fields[1];
            for (int k = 0; k < length; k++)
            {
                if (k > 0)
                {
                    w.Byte((byte)',');
                }

                Attribute(w, keys.GetBytes(first + k), values.GetBytes(first + k));
            }
        }

        w.Byte((byte)']');
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Attribute(JsonUtf8Buffer w, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        w.Raw("{\"key\":"u8);
        w.String(key);
        w.Raw(",\"value\":{\"stringValue\":"u8);
        w.String(value);
        w.Raw("}}"u8);
    }

    private static void Id(JsonUtf8Buffer w, FixedSizeBinaryArray ids, int row, int width) =>
        w.QuotedHex(ids.IsNull(row) ? default : ids.GetBytes(row), width);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Span(JsonUtf8Buffer w, int row)
    {
        w.Raw("{\"traceId\":"u8);
        Id(w, _traceId, row, 16);
        w.Raw(",\"spanId\":"u8);
        Id(w, _spanId, row, 8);
        ReadOnlySpan<byte> traceState = _traceState.GetBytes(row);
        if (traceState.Length > 0)
        {
            w.Raw(",\"traceState\":"u8);
            w.String(traceState);
        }

        if (!_parent.IsNull(row))
        {
            w.Raw(",\"parentSpanId\":"u8);
            Id(w, _parent, row, 8);
        }

        w.Raw(",\"name\":"u8);
        w.String(_name.GetBytes(row));
        w.Raw(",\"kind\":"u8);
        w.Number(Parse(SpanKinds, _kind.GetBytes(row), N.SpanKind));
        w.Raw(",\"startTimeUnixNano\":"u8);
        w.QuotedNumber((ulong)(_start.Values[row] * _startUnit));
        w.Raw(",\"endTimeUnixNano\":"u8);
        w.QuotedNumber((ulong)(_end.Values[row] * _endUnit));
        Attributes(w, _attributes, row);
        Events(w, row);
        Links(w, row);
        int code = Parse(StatusCodes, _statusCode.GetBytes(row), N.StatusCode);
        w.Raw(",\"status\":{"u8);
        ReadOnlySpan<byte> message = _statusMessage.GetBytes(row);
        if (message.Length > 0)
        {
            w.Raw("\"message\":"u8);
            w.String(message);
            w.Byte((byte)',');
        }

        w.Raw("\"code\":"u8);
        w.Number(code);
        w.Raw("}}"u8);
    }

    private void Events(JsonUtf8Buffer w, int row)
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
        w.Raw(",\"events\":["u8);
        for (int j = 0; j < length; j++)
        {
            int k = first + j;
            w.Raw(j == 0 ? "{\"timeUnixNano\":"u8 : ",{\"timeUnixNano\":"u8);
            w.QuotedNumber((ulong)(time.Values[k] * unit));
            w.Raw(",\"name\":"u8);
            w.String(name.GetBytes(k));
            Attributes(w, attributes, k);
            w.Byte((byte)'}');
        }

        w.Byte((byte)']');
    }

    private void Links(JsonUtf8Buffer w, int row)
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
        w.Raw(",\"links\":["u8);
        for (int j = 0; j < length; j++)
        {
            int k = first + j;
            w.Raw(j == 0 ? "{\"traceId\":"u8 : ",{\"traceId\":"u8);
            Id(w, traceId, k, 16);
            w.Raw(",\"spanId\":"u8);
            Id(w, spanId, k, 8);
            ReadOnlySpan<byte> state = traceState.GetBytes(k);
            if (state.Length > 0)
            {
                w.Raw(",\"traceState\":"u8);
                w.String(state);
            }

            Attributes(w, attributes, k);
            w.Byte((byte)'}');
        }

        w.Byte((byte)']');
    }
}
