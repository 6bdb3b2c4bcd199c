using Apache.Arrow;
using Apache.Arrow.Arrays;
using Orasi.Connectors.Telemetry.Columns;
using N = Orasi.Connectors.Telemetry.TelemetryColumnNames;

namespace Orasi.Connectors.Telemetry;

/// <summary>Reads <see cref="Span"/>s back out of record batches of <see cref="TelemetrySchemas.Traces"/>.</summary>
public static class SpanBatchReader
{
    /// <summary>
    /// The spans of a batch, in row order. Columns are found by name, so extra columns and another column order are
    /// fine; timestamps in any unit are scaled to nanoseconds. The schema is checked before the first span is returned.
    /// </summary>
    /// <exception cref="ValidationFailedException">A column is missing or has another type.</exception>
    /// <exception cref="CorruptDataException">A <c>span_kind</c> or <c>status_code</c> value is not an OTLP name.</exception>
    public static IEnumerable<Span> Read(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        const TelemetryKind K = TelemetryKind.Traces;
        var start = ColumnReader.Column<TimestampArray>(batch, N.Timestamp, K);
        var end = ColumnReader.Column<TimestampArray>(batch, N.EndTimestamp, K);
        var traceId = ColumnReader.Column<FixedSizeBinaryArray>(batch, N.TraceId, K);
        var spanId = ColumnReader.Column<FixedSizeBinaryArray>(batch, N.SpanId, K);
        var parent = ColumnReader.Column<FixedSizeBinaryArray>(batch, N.ParentSpanId, K);
        var traceState = ColumnReader.Column<StringArray>(batch, N.TraceState, K);
        var name = ColumnReader.Column<StringArray>(batch, N.SpanName, K);
        var kind = ColumnReader.Column<StringArray>(batch, N.SpanKind, K);
        var service = ColumnReader.Column<StringArray>(batch, N.ServiceName, K);
        var resource = ColumnReader.Column<MapArray>(batch, N.ResourceAttributes, K);
        var scopeName = ColumnReader.Column<StringArray>(batch, N.ScopeName, K);
        var scopeVersion = ColumnReader.Column<StringArray>(batch, N.ScopeVersion, K);
        var attributes = ColumnReader.Column<MapArray>(batch, N.SpanAttributes, K);
        var statusCode = ColumnReader.Column<StringArray>(batch, N.StatusCode, K);
        var statusMessage = ColumnReader.Column<StringArray>(batch, N.StatusMessage, K);
        var events = ColumnReader.Column<ListArray>(batch, N.Events, K);
        var links = ColumnReader.Column<ListArray>(batch, N.Links, K);
        return Iterate();

        IEnumerable<Span> Iterate()
        {
            long startUnit = ColumnReader.NanosPerUnit(start);
            long endUnit = ColumnReader.NanosPerUnit(end);
            for (int i = 0; i < batch.Length; i++)
            {
                yield return new Span
                {
                    StartTimeUnixNano = ColumnReader.Nanos(start, i, startUnit),
                    EndTimeUnixNano = ColumnReader.Nanos(end, i, endUnit),
                    TraceId = ColumnReader.TraceId(traceId, i) ?? default,
                    SpanId = ColumnReader.SpanId(spanId, i) ?? default,
                    ParentSpanId = ColumnReader.SpanId(parent, i),
                    TraceState = ColumnReader.String(traceState, i),
                    Name = ColumnReader.String(name, i),
                    Kind = OtlpNames.ParseSpanKind(kind.GetString(i), N.SpanKind),
                    ServiceName = ColumnReader.String(service, i),
                    ResourceAttributes = ColumnReader.Map(resource, i),
                    ScopeName = ColumnReader.String(scopeName, i),
                    ScopeVersion = ColumnReader.String(scopeVersion, i),
                    Attributes = ColumnReader.Map(attributes, i),
                    StatusCode = OtlpNames.ParseStatusCode(statusCode.GetString(i), N.StatusCode),
                    StatusMessage = ColumnReader.String(statusMessage, i),
                    Events = ReadEvents(events, i),
                    Links = ReadLinks(links, i),
                };
            }
        }
    }

    private static SpanEvent[] ReadEvents(ListArray list, int row)
    {
        int length = list.IsNull(row) ? 0 : list.GetValueLength(row);
        if (length == 0)
        {
            return [];
        }

        var items = (StructArray)list.Values;
        var time = (TimestampArray)items.Fields[0];
        var name = (StringArray)items.Fields[1];
        var attributes = (MapArray)items.Fields[2];
        long unit = ColumnReader.NanosPerUnit(time);
        int first = items.Offset + list.ValueOffsets[row];
        var result = new SpanEvent[length];
        for (int j = 0; j < length; j++)
        {
            int k = first + j;
            result[j] = new SpanEvent
            {
                TimeUnixNano = ColumnReader.Nanos(time, k, unit),
                Name = ColumnReader.String(name, k),
                Attributes = ColumnReader.Map(attributes, k),
            };
        }

        return result;
    }

    private static SpanLink[] ReadLinks(ListArray list, int row)
    {
        int length = list.IsNull(row) ? 0 : list.GetValueLength(row);
        if (length == 0)
        {
            return [];
        }

        var items = (StructArray)list.Values;
        var traceId = (FixedSizeBinaryArray)items.Fields[0];
        var spanId = (FixedSizeBinaryArray)items.Fields[1];
        var traceState = (StringArray)items.Fields[2];
        var attributes = (MapArray)items.Fields[3];
        int first = items.Offset + list.ValueOffsets[row];
        var result = new SpanLink[length];
        for (int j = 0; j < length; j++)
        {
            int k = first + j;
            result[j] = new SpanLink
            {
                TraceId = ColumnReader.TraceId(traceId, k) ?? default,
                SpanId = ColumnReader.SpanId(spanId, k) ?? default,
                TraceState = ColumnReader.String(traceState, k),
                Attributes = ColumnReader.Map(attributes, k),
            };
        }

        return result;
    }
}
