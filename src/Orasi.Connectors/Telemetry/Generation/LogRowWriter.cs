using System.Buffers.Binary;
using Apache.Arrow;
using Orasi.Connectors.Telemetry.Columns;

namespace Orasi.Connectors.Telemetry.Generation;

/// <summary>
/// Generates log records: mostly INFO with some DEBUG, WARN and ERROR (OTLP severity numbers 5, 9, 13, 17),
/// templated bodies with concrete values, and a trace/span id on a share of them.
/// </summary>
internal sealed class LogRowWriter : IRowWriter
{
    private static readonly byte[][] Flags = [ServiceCatalog.U8("new-checkout"), ServiceCatalog.U8("recommendations-v2"), ServiceCatalog.U8("dark-mode")];
    private static readonly byte[][] Errors = [ServiceCatalog.U8("card declined"), ServiceCatalog.U8("gateway timeout"), ServiceCatalog.U8("insufficient funds")];

    private readonly ServiceCatalog _catalog;
    private readonly TelemetryGeneratorOptions _options;
    private readonly SeededRandom _rng;
    private readonly LogColumnSet _columns = new();
    private readonly double _meanGapNanos;
    private long _clock;

    /// <summary>Creates the writer; the stream starts at <see cref="TelemetryGeneratorOptions.BaseTime"/>.</summary>
    public LogRowWriter(ServiceCatalog catalog, TelemetryGeneratorOptions options)
    {
        _catalog = catalog;
        _options = options;
        _rng = new SeededRandom(options.Seed, stream: 2);
        _clock = (options.BaseTime - DateTimeOffset.UnixEpoch).Ticks * TimeSpan.NanosecondsPerTick;
        _meanGapNanos = 1e9 / options.RecordsPerSecond;
    }

    /// <inheritdoc/>
    public RecordBatch WriteBatch(int rows)
    {
        for (int r = 0; r < rows; r++)
        {
            WriteRecord();
        }

        return _columns.Build();
    }

    private void WriteRecord()
    {
        var c = _columns;
        var rng = _rng;
        var instance = rng.Pick(_catalog.Instances);
        var service = instance.Service;
        long time = _clock;
        _clock += (long)rng.Exponential(_meanGapNanos);

        c.Timestamp.Append(time);
        c.ObservedTimestamp.Append(time + rng.Next(100_000, 50_000_000));
        c.EventDate.Append(TelemetrySchemas.EventDateOf(time));
        if (rng.Chance(_options.LogTraceCorrelationRate))
        {
            var traceId = c.TraceId.AppendWritable();
            BinaryPrimitives.WriteUInt64BigEndian(traceId, rng.NextId());
            BinaryPrimitives.WriteUInt64BigEndian(traceId[8..], rng.NextUInt64());
            BinaryPrimitives.WriteUInt64BigEndian(c.SpanId.AppendWritable(), rng.NextId());
            c.TraceFlags.Append(1);
        }
        else
        {
            c.TraceId.AppendNull();
            c.SpanId.AppendNull();
            c.TraceFlags.Append(0);
        }

        double u = rng.NextDouble();
        SeverityNumber severity = u < 0.08 ? SeverityNumber.Debug : u < 0.85 ? SeverityNumber.Info : u < 0.95 ? SeverityNumber.Warn : SeverityNumber.Error;
        c.SeverityText.Append(severity switch
        {
            SeverityNumber.Debug => "DEBUG"u8,
            SeverityNumber.Info => "INFO"u8,
            SeverityNumber.Warn => "WARN"u8,
            _ => "ERROR"u8,
        });
        c.SeverityNumber.Append((int)severity);
        c.ServiceName.Append(service.NameUtf8);
        WriteBody(severity, service);
        c.ResourceAttributes.Add(instance.Resource);
        c.ResourceAttributes.EndMap();
        c.ScopeName.Append(rng.Pick(service.Loggers));
        c.ScopeVersion.Append([]);

        var a = c.LogAttributes;
        a.Keys.Append("thread.id"u8);
        a.Values.WriteInt64(rng.Next(1, 64));
        a.Values.EndValue();
        if (severity == SeverityNumber.Error)
        {
            a.Add("exception.type"u8, rng.Pick(service.ExceptionTypes));
        }

        if (rng.Chance(0.3))
        {
            a.Keys.Append("enduser.id"u8);
            a.Values.WriteInt64(rng.Next(1, 250_000));
            a.Values.EndValue();
        }

        a.EndMap();
    }

    private void WriteBody(SeverityNumber severity, ServiceProfile service)
    {
        var b = _columns.Body;
        var rng = _rng;
        int template = rng.Next(3);
        switch (severity)
        {
            case SeverityNumber.Debug when template == 0:
                b.Write("Fetched "u8);
                b.WriteInt64(rng.Next(0, 500));
                b.Write(" rows from "u8);
                b.Write(service.DbNamespace);
                b.Write(" in "u8);
                b.WriteInt64(rng.Next(1, 80));
                b.Write(" ms"u8);
                break;
            case SeverityNumber.Debug:
                b.Write("Feature flag "u8);
                b.Write(rng.Pick(Flags));
                b.Write(rng.Chance(0.5) ? " evaluated to true"u8 : " evaluated to false"u8);
                break;
            case SeverityNumber.Info when template == 0:
            {
                var op = rng.Pick(service.Operations);
                b.Write(service.IsRpc ? "RPC "u8 : "HTTP "u8);
                b.Write(op.SpanName);
                b.Write(" completed in "u8);
                b.WriteInt64(rng.Next(1, 400));
                b.Write(" ms"u8);
                break;
            }

            case SeverityNumber.Info when template == 1:
                b.Write("Order "u8);
                b.WriteInt64(rng.Next(100_000, 999_999));
                b.Write(" placed for user "u8);
                b.WriteInt64(rng.Next(1, 250_000));
                b.Write(" with "u8);
                b.WriteInt64(rng.Next(1, 12));
                b.Write(" items"u8);
                break;
            case SeverityNumber.Info:
                b.Write("Cache refreshed: "u8);
                b.WriteInt64(rng.Next(10, 50_000));
                b.Write(" entries"u8);
                break;
            case SeverityNumber.Warn when template == 0:
                b.Write("Slow request "u8);
                b.Write(rng.Pick(service.Operations).SpanName);
                b.Write(" took "u8);
                b.WriteInt64(rng.Next(1_000, 9_000));
                b.Write(" ms"u8);
                break;
            case SeverityNumber.Warn:
                b.Write("Retrying call to "u8);
                b.Write(service.Downstreams.Length > 0 ? _catalog.Services[rng.Pick(service.Downstreams)].NameUtf8 : service.DbAddress);
                b.Write(" (attempt "u8);
                b.WriteInt64(rng.Next(2, 5));
                b.Write(")"u8);
                break;
            default:
                if (template == 0)
                {
                    b.Write("Failed to charge card for order "u8);
                    b.WriteInt64(rng.Next(100_000, 999_999));
                    b.Write(": "u8);
                    b.Write(rng.Pick(Errors));
                }
                else
                {
                    b.Write("Unhandled exception "u8);
                    b.Write(rng.Pick(service.ExceptionTypes));
                    b.Write(" in "u8);
                    b.Write(rng.Pick(service.Functions));
                }

                break;
        }

        b.EndValue();
    }
}
