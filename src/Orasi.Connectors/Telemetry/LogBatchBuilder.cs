using Apache.Arrow;
using Orasi.Connectors.Telemetry.Columns;

namespace Orasi.Connectors.Telemetry;

/// <summary>
/// Accumulates <see cref="LogRecord"/>s and builds record batches of <see cref="TelemetrySchemas.Logs"/>; reusable
/// after <see cref="Build"/>. Not thread-safe.
/// </summary>
public sealed class LogBatchBuilder
{
    private readonly LogColumnSet _columns = new();

    /// <summary>Number of records appended since the last <see cref="Build"/>.</summary>
    public int Count => _columns.Count;

    /// <summary>Appends one log record.</summary>
    /// <exception cref="ArgumentException">A required string or attribute is null.</exception>
    public LogBatchBuilder Append(LogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        const string Model = nameof(LogRecord);
        ModelValidation.RequireString(record.ServiceName, nameof(LogRecord.ServiceName), Model);
        ModelValidation.RequireString(record.SeverityText, nameof(LogRecord.SeverityText), Model);
        ModelValidation.RequireString(record.Body, nameof(LogRecord.Body), Model);
        ModelValidation.RequireString(record.ScopeName, nameof(LogRecord.ScopeName), Model);
        ModelValidation.RequireString(record.ScopeVersion, nameof(LogRecord.ScopeVersion), Model);
        ModelValidation.RequireAttributes(record.ResourceAttributes, nameof(LogRecord.ResourceAttributes), Model);
        ModelValidation.RequireAttributes(record.Attributes, nameof(LogRecord.Attributes), Model);

        var c = _columns;
        c.Timestamp.Append(record.TimeUnixNano);
        c.ObservedTimestamp.Append(record.ObservedTimeUnixNano);
        if (record.TraceId is { } traceId)
        {
            traceId.CopyTo(c.TraceId.AppendWritable());
        }
        else
        {
            c.TraceId.AppendNull();
        }

        if (record.SpanId is { } spanId)
        {
            spanId.CopyTo(c.SpanId.AppendWritable());
        }
        else
        {
            c.SpanId.AppendNull();
        }

        c.TraceFlags.Append(record.TraceFlags);
        c.SeverityText.Append(record.SeverityText);
        c.SeverityNumber.Append((int)record.SeverityNumber);
        c.ServiceName.Append(record.ServiceName);
        c.Body.Append(record.Body);
        c.ResourceAttributes.Append(record.ResourceAttributes, TelemetryColumnNames.ResourceAttributes);
        c.ScopeName.Append(record.ScopeName);
        c.ScopeVersion.Append(record.ScopeVersion);
        c.LogAttributes.Append(record.Attributes, TelemetryColumnNames.LogAttributes);
        c.EventDate.Append(TelemetrySchemas.EventDateOf(record.TimeUnixNano));
        return this;
    }

    /// <summary>Appends records in order.</summary>
    public LogBatchBuilder AppendRange(IEnumerable<LogRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            Append(record);
        }

        return this;
    }

    /// <summary>Builds a batch of the records appended so far and empties the builder.</summary>
    public RecordBatch Build() => _columns.Build();
}
