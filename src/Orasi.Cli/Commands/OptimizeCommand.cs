using System.CommandLine;
using System.Globalization;
using Orasi.Cli.Hosting;
using Orasi.Cli.Tables;
using Orasi.Connectors;
using Orasi.Connectors.DeltaLake.Operations.Maintenance;
using Orasi.Connectors.Predicates;

namespace Orasi.Cli.Commands;

/// <summary><c>orasi optimize URI [--target-size BYTES] [--zorder cols] [--where PREDICATE] [--min-input-files N]</c>: compact small files (Delta and Iceberg).</summary>
internal static class OptimizeCommand
{
    public static Command Create(CliContext context, GlobalOptions globals)
    {
        _ = globals;
        var table = new TableArguments();
        var targetSize = new Option<long?>("--target-size") { Description = "Target file size in bytes (default: delta.targetFileSize or 256 MiB; Iceberg: write.target-file-size-bytes or 512 MiB)." };
        var zorder = new Option<string?>("--zorder") { Description = "Comma-separated columns to Z-order by, e.g. service_name,timestamp." };
        var where = new Option<string?>("--where") { Description = "Only optimize partitions matching this predicate on partition columns, e.g. \"event_date >= '2026-01-01'\"." };
        var minInputFiles = new Option<int?>("--min-input-files") { Description = "Iceberg: compact a partition once it has this many small files (default 5); files with deletes are always rewritten." };
        var command = new Command("optimize", "Compact small files into larger ones (Delta: optionally Z-ordered; Iceberg: bin-pack with deletes applied).") { targetSize, zorder, where, minInputFiles };
        table.AddTo(command, timeTravel: false);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(targetSize) is <= 0)
            {
                throw new UsageException($"--target-size must be a positive number of bytes, got {parse.GetValue(targetSize)}.");
            }

            var columns = parse.GetValue(zorder) is { } text
                ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : [];
            if (parse.GetValue(zorder) is not null && columns.Length == 0)
            {
                throw new UsageException("--zorder needs at least one column name.");
            }

            var filterText = parse.GetValue(where);
            var filter = string.IsNullOrWhiteSpace(filterText) ? null : Predicate.Parse(filterText);
            if (parse.GetValue(minInputFiles) is < 1)
            {
                throw new UsageException($"--min-input-files must be 1 or more, got {parse.GetValue(minInputFiles)}.");
            }

            await using var handle = await table.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
            if (handle is IcebergTableHandle iceberg)
            {
                if (columns.Length > 0)
                {
                    throw new UsageException("--zorder is not supported for Iceberg tables yet; optimize without it (bin-pack).");
                }

                return await IcebergCommand.OptimizeAsync(context, iceberg.Table.Location, StorageOptionsParser.Parse(parse.GetValue(table.StorageOptions)),
                    parse.GetValue(targetSize), filter, parse.GetValue(minInputFiles), cancellationToken).ConfigureAwait(false);
            }

            if (handle is not DeltaTableHandle)
            {
                throw new UnsupportedFeatureException($"optimize is not supported for {handle.FormatName} tables yet.");
            }

            if (parse.GetValue(minInputFiles) is not null)
            {
                throw new UsageException("--min-input-files applies to Iceberg tables only.");
            }

            var result = await DeltaMaintenance.OptimizeAsync(parse.GetRequiredValue(table.Uri), new DeltaOptimizeOptions
            {
                TargetFileSize = parse.GetValue(targetSize),
                ZOrderBy = columns,
                PartitionFilter = filter,
            }, StorageOptionsParser.Parse(parse.GetValue(table.StorageOptions)), cancellationToken).ConfigureAwait(false);
            var line = result.Committed
                ? string.Create(CultureInfo.InvariantCulture,
                    $"Optimized to version {result.Version}: removed {result.FilesRemoved} files ({result.BytesRemoved} bytes), added {result.FilesAdded} files ({result.BytesAdded} bytes), {result.PartitionsOptimized} partition(s) optimized, {result.TotalConsideredFiles} files considered.")
                : string.Create(CultureInfo.InvariantCulture,
                    $"Nothing to optimize at version {result.Version}: {result.TotalConsideredFiles} files considered, none needed rewriting.");
            await context.Output.WriteLineAsync(line).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
