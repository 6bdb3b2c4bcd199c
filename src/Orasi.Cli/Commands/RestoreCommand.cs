using System.CommandLine;
using System.Globalization;
using Orasi.Cli.Hosting;
using Orasi.Cli.Tables;
using Orasi.Connectors;
using Orasi.Connectors.DeltaLake.Operations.Maintenance;

namespace Orasi.Cli.Commands;

/// <summary><c>orasi restore URI --version N | --timestamp T</c>: bring a table back to an earlier version (Delta).</summary>
internal static class RestoreCommand
{
    public static Command Create(CliContext context, GlobalOptions globals)
    {
        _ = globals;
        var table = new TableArguments();
        table.Version.Description = "Restore to this version.";
        table.Timestamp.Description = "Restore to the version current at this time (ISO-8601, e.g. 2026-01-01T12:00:00Z).";
        var command = new Command("restore", "Restore a table to an earlier version with a new commit; Delta tables only.");
        table.AddTo(command, timeTravel: true);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var travel = table.GetTimeTravel(parse);
            if (travel.IsLatest)
            {
                throw new UsageException("restore needs --version N or --timestamp T.");
            }

            await using var handle = await table.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
            if (handle is not DeltaTableHandle)
            {
                throw new UnsupportedFeatureException($"restore is not supported for {handle.FormatName} tables yet.");
            }

            var uri = parse.GetRequiredValue(table.Uri);
            var storage = StorageOptionsParser.Parse(parse.GetValue(table.StorageOptions));
            var result = travel.Version is { } version
                ? await DeltaMaintenance.RestoreAsync(uri, version, storage, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await DeltaMaintenance.RestoreAsync(uri, travel.Timestamp!.Value, storage, cancellationToken: cancellationToken).ConfigureAwait(false);
            var line = result.Committed
                ? string.Create(CultureInfo.InvariantCulture,
                    $"Restored to version {result.RestoredVersion} as version {result.Version}: removed {result.FilesRemoved} files, restored {result.FilesRestored} files.")
                : string.Create(CultureInfo.InvariantCulture, $"The table already matches version {result.RestoredVersion}; nothing committed.");
            await context.Output.WriteLineAsync(line).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
