using System.Runtime.CompilerServices;
using Apache.Arrow;

namespace Orasi.Connectors.Telemetry.Generation;

/// <summary>
/// Generates realistic, deterministic telemetry as Arrow batches of <see cref="TelemetrySchemas"/>: span trees across
/// ~20 services with HTTP/gRPC/DB/messaging attributes, errors with exception events and occasional links; logs with
/// an OTLP severity mix, templated bodies and trace correlation; metric series (gauges, monotonic cumulative sums,
/// latency histograms) over time steps. The same options and arguments always yield byte-identical batches, and the
/// rows do not depend on the batch size (only where the batches are cut).
/// </summary>
/// <example>
/// <code>
/// var generator = new TelemetryGenerator(new TelemetryGeneratorOptions { Seed = 7 });
/// foreach (var batch in generator.Generate(TelemetryKind.Traces, 1_000_000)) { /* write it */ }
/// </code>
/// </example>
public sealed class TelemetryGenerator
{
    private readonly ServiceCatalog _catalog;

    /// <summary>Creates a generator; the service catalog is derived from the seed here.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public TelemetryGenerator(TelemetryGeneratorOptions? options = null)
    {
        Options = options ?? new TelemetryGeneratorOptions();
        Options.Validate();
        _catalog = new ServiceCatalog(Options.Seed, Options.ServiceCount, Options.InstancesPerService);
    }

    /// <summary>The options in use.</summary>
    public TelemetryGeneratorOptions Options { get; }

    /// <summary>The names of the simulated services, in catalog order.</summary>
    public IReadOnlyList<string> ServiceNames => [.. _catalog.Services.Select(s => s.Name)];

    /// <summary>
    /// Generates exactly <paramref name="records"/> rows of <paramref name="kind"/>, in batches of
    /// <paramref name="batchSize"/> rows (the last one smaller). Each call starts the stream over from the seed; the
    /// batches are produced lazily as the sequence is enumerated. The last trace may be cut at the record limit.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="records"/> is negative or <paramref name="batchSize"/> is not positive.</exception>
    public IEnumerable<RecordBatch> Generate(TelemetryKind kind, long records, int batchSize = 65_536)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(records);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        _ = TelemetrySchemas.For(kind);
        return Iterate(kind, records, batchSize);
    }

    /// <summary>
    /// <see cref="Generate"/> as an async stream: yields to the scheduler between batches and stops with
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async IAsyncEnumerable<RecordBatch> GenerateAsync(
        TelemetryKind kind,
        long records,
        int batchSize = 65_536,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var batches = Generate(kind, records, batchSize);
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var batch in batches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return batch;
            await Task.Yield();
        }
    }

    private IEnumerable<RecordBatch> Iterate(TelemetryKind kind, long records, int batchSize)
    {
        IRowWriter writer = kind switch
        {
            TelemetryKind.Traces => new SpanRowWriter(_catalog, Options),
            TelemetryKind.Logs => new LogRowWriter(_catalog, Options),
            _ => new MetricRowWriter(_catalog, Options),
        };
        for (long remaining = records; remaining > 0;)
        {
            int rows = (int)Math.Min(batchSize, remaining);
            remaining -= rows;
            yield return writer.WriteBatch(rows);
        }
    }
}
