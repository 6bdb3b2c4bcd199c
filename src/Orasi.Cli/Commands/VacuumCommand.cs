using System.CommandLine;
using System.Globalization;
using Orasi.Cli.Hosting;
using Orasi.Cli.Tables;
using Orasi.Connectors;
using Orasi.Connectors.DeltaLake.Operations.Maintenance;

namespace Orasi.Cli.Commands;

/// <summary><c>orasi vacuum URI [--retention-hours H] [--dry-run] [--force]</c>: delete files no retained version needs (Delta; Iceberg: expire snapshots + remove orphan files).</summary>
internal static class VacuumCommand
{
    public static Command Create(CliContext context, GlobalOptions globals)
    {
        _ = globals;
        var table = new TableArguments();
        var retention = new Option<double?>("--retention-hours") { Description = "Keep files removed less than this many hours ago (default: delta.deletedFileRetentionDuration, 168; Iceberg: snapshots and orphan files younger than this are kept, default history.expire.max-snapshot-age-ms or 120)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "List the files that would be deleted without deleting them." };
        var force = new Option<bool>("--force") { Description = "Allow a retention shorter than the table's delta.deletedFileRetentionDuration (Iceberg: shorter than 72 hours)." };
        var command = new Command("vacuum", "Delete data files no longer referenced by the table within the retention window (Iceberg: expire old snapshots, then remove orphan files).") { retention, dryRun, force };
        table.AddTo(command, timeTravel: false);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(retention) is { } hours && (hours < 0 || double.IsNaN(hours)))
            {
                throw new UsageException($"--retention-hours must be zero or more, got {hours.ToString(CultureInfo.InvariantCulture)}.");
            }

            await using var handle = await table.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
            if (handle is IcebergTableHandle iceberg)
            {
                return await IcebergCommand.VacuumAsync(context, iceberg.Table.Location, StorageOptionsParser.Parse(parse.GetValue(table.StorageOptions)),
                    parse.GetValue(retention), parse.GetValue(dryRun), parse.GetValue(force), cancellationToken).ConfigureAwait(false);
            }

            if (handle is not DeltaTableHandle)
            {
                throw new UnsupportedFeatureException($"vacuum is not supported for {handle.FormatName} tables yet.");
            }

            DeltaVacuumResult result;
            try
            {
                result = await DeltaMaintenance.VacuumAsync(parse.GetRequiredValue(table.Uri), new DeltaVacuumOptions
                {
                    RetentionHours = parse.GetValue(retention),
                    DryRun = parse.GetValue(dryRun),
                    EnforceRetentionDuration = !parse.GetValue(force),
                }, StorageOptionsParser.Parse(parse.GetValue(table.StorageOptions)), cancellationToken).ConfigureAwait(false);
            }
            catch (ValidationFailedException ex) when (ex.Message.Contains("EnforceRetentionDuration", StringComparison.Ordinal))
            {
                throw new ValidationFailedException(ex.Message + " Pass --force to vacuum with this retention anyway.", ex);
            }

            foreach (var file in result.Files)
            {
                await context.Output.WriteLineAsync(file).ConfigureAwait(false);
            }

            var verb = result.DryRun ? "Would delete" : "Deleted";
            await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{verb} {result.FileCount} files ({result.Bytes} bytes); retention {result.Retention.TotalHours} hours.")).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
