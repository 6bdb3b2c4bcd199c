using Apache.Arrow;
using Apache.Arrow.Arrays;
using Orasi.Connectors.Telemetry.Columns;
using N = Orasi.Connectors.Telemetry.TelemetryColumnNames;

namespace Orasi.Connectors.Telemetry;

/// <summary>Reads <see cref="LogRecord"/>s back out of record batches of <see cref="TelemetrySchemas.Logs"/>.</summary>
public static class LogBatchReader
{
    /// <summary>The log records of a batch, in row order; columns are found by name and checked up front.</summary>
    /// <exception cref="ValidationFailedException">A column is missing or has another type.</exception>
    public static IEnumerable<LogRecord> Read(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        const TelemetryKind K = TelemetryKind.Logs;
        var time = ColumnReader.Column<TimestampArray>(batch, N.Timestamp, K);
        var observed = ColumnReader.Column<TimestampArray>(batch, N.ObservedTimestamp, K);
        var traceId = ColumnReader.Column<FixedSizeBinaryArray>(batch, N.TraceId, K);
        var spanId = ColumnReader.Column<FixedSizeBinaryArray>(batch, N.SpanId, K);
        var flags = ColumnReader.Column<Int32Array>(batch, N.TraceFlags, K);
        var severityText = ColumnReader.Column<StringArray>(batch, N.SeverityText, K);
        var severityNumber = ColumnReader.Column<Int32Array>(batch, N.SeverityNumber, K);
        var service = ColumnReader.Column<StringArray>(batch, N.ServiceName, K);
        var body = ColumnReader.Column<StringArray>(batch, N.Body, K);
        var resource = ColumnReader.Column<MapArray>(batch, N.ResourceAttributes, K);
        var scopeName = ColumnReader.Column<StringArray>(batch, N.ScopeName, K);
        var scopeVersion = ColumnReader.Column<StringArray>(batch, N.ScopeVersion, K);
        var attributes = ColumnReader.Column<MapArray>(batch, N.LogAttributes, K);
        return Iterate();

        IEnumerable<LogRecord> Iterate()
        {
            long timeUnit = ColumnReader.NanosPerUnit(time);
            long observedUnit = ColumnReader.NanosPerUnit(observed);
            for (int i = 0; i < batch.Length; i++)
            {
                yield return new LogRecord
                {
                    TimeUnixNano = ColumnReader.Nanos(time, i, timeUnit),
                    ObservedTimeUnixNano = ColumnReader.Nanos(observed, i, observedUnit),
                    TraceId = ColumnReader.TraceId(traceId, i),
                    SpanId = ColumnReader.SpanId(spanId, i),
                    TraceFlags = flags.GetValue(i) ?? 0,
                    SeverityText = ColumnReader.String(severityText, i),
                    SeverityNumber = (SeverityNumber)(severityNumber.GetValue(i) ?? 0),
                    ServiceName = ColumnReader.String(service, i),
                    Body = ColumnReader.String(body, i),
                    ResourceAttributes = ColumnReader.Map(resource, i),
                    ScopeName = ColumnReader.String(scopeName, i),
                    ScopeVersion = ColumnReader.String(scopeVersion, i),
                    Attributes = ColumnReader.Map(attributes, i),
                };
            }
        }
    }
}
