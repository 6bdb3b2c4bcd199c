using System.Diagnostics;
using System.Globalization;
using Orasi.Cli.Hosting;
using Orasi.Connectors.S3Parquet;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;

namespace Orasi.Cli.Commands;

/// <summary><c>orasi generate … --connector s3-parquet --target s3://…</c>: generated telemetry written through a connector.</summary>
internal static class GenerateToConnector
{
    public static async Task<int> RunAsync(
        CliContext context,
        TelemetryKind kind,
        long records,
        long seed,
        int batchSize,
        string connectorName,
        string target,
        string compression,
        long rowsPerFile,
        IReadOnlyList<string> partitionBy,
        IReadOnlyDictionary<string, string> storageOptions,
        CancellationToken cancellationToken)
    {
        if (records < 0 || batchSize <= 0 || rowsPerFile <= 0)
        {
            throw new UsageException("--records must be zero or more, and --batch-size and --rows-per-file positive.");
        }

        if (connectorName != "s3-parquet")
        {
            throw new UsageException($"--connector '{connectorName}' is not known; use s3-parquet.");
        }

        var options = new S3ParquetOptions
        {
            Target = target,
            PartitionBy = [.. partitionBy],
            TimePartitionColumn = TelemetryColumnNames.Timestamp,
            Compression = compression,
            MaxRowsPerFile = rowsPerFile,
            StorageOptions = new Dictionary<string, string>(storageOptions, StringComparer.Ordinal),
        };
        var stopwatch = Stopwatch.StartNew();
        var generator = new TelemetryGenerator(new TelemetryGeneratorOptions { Seed = seed });
        await using var connector = new S3ParquetConnector(options);
        foreach (var batch in generator.Generate(kind, records, batchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using (batch)
            {
                await connector.WriteBatchAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }

        var result = await connector.FlushDatasetAsync(cancellationToken).ConfigureAwait(false);
        var partitions = result.Files.Select(f => f.Partition).Distinct(StringComparer.Ordinal).Count();
        await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {records:N0} {kind.ToString().ToLowerInvariant()} records (s3-parquet, {GenerateCommand.FormatBytes(result.SizeBytes)}) to {target} ({result.Files.Count} file{(result.Files.Count == 1 ? "" : "s")} in {partitions} partition{(partitions == 1 ? "" : "s")}) in {stopwatch.Elapsed.TotalSeconds:F1} s.")).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
