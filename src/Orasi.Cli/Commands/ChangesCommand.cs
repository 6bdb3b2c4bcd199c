using System.CommandLine;
using Orasi.Cli.Hosting;
using Orasi.Cli.Tables;
using Orasi.Connectors;
using Orasi.Connectors.DeltaLake.Scan;

namespace Orasi.Cli.Commands;

/// <summary>
/// <c>orasi changes URI --from V [--to V]</c>: the change data feed of a Delta table (rows inserted, deleted and
/// updated per version, with <c>_change_type</c>, <c>_commit_version</c> and <c>_commit_timestamp</c>) as a table,
/// JSON Lines or CSV.
/// </summary>
internal static class ChangesCommand
{
    public static Command Create(CliContext context, GlobalOptions globals)
    {
        _ = globals;
        var table = new TableArguments();
        var from = new Option<long>("--from") { Description = "First version whose changes are shown.", Required = true };
        var to = new Option<long?>("--to") { Description = "Last version (default: the latest)." };
        var columns = new Option<string?>("--columns") { Description = "Comma-separated columns, in this order (table columns and _change_type, _commit_version, _commit_timestamp; default: all)." };
        var limit = new Option<long?>("--limit") { Description = $"Return at most this many rows (table format default: {ScanCommand.DefaultTableRows})." };
        var format = new Option<string>("--format", "-f") { Description = "table, jsonl or csv.", DefaultValueFactory = _ => "table" }
            .AcceptOnlyFromAmong("table", "jsonl", "csv");
        var command = new Command("changes", "Show the change data feed of a Delta table (needs delta.enableChangeDataFeed=true).")
        {
            from, to, columns, limit, format,
        };
        table.AddTo(command, timeTravel: false);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var start = parse.GetValue(from);
            var end = parse.GetValue(to);
            if (start < 0)
            {
                throw new UsageException($"--from must be zero or more, got {start}.");
            }

            if (end < start)
            {
                throw new UsageException($"--to ({end}) must not be before --from ({start}).");
            }

            var rowLimit = parse.GetValue(limit);
            if (rowLimit is < 0)
            {
                throw new UsageException($"--limit must be zero or more, got {rowLimit}.");
            }

            var fmt = parse.GetValue(format)!;
            var projection = parse.GetValue(columns)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            await using var handle = await table.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
            if (handle is not DeltaTableHandle delta)
            {
                throw new UnsupportedFeatureException($"changes is not supported for {handle.FormatName} tables yet.");
            }

            var options = new DeltaScanOptions
            {
                Columns = projection,
                Limit = rowLimit ?? (fmt == "table" ? ScanCommand.DefaultTableRows : null),
            };
            var batches = delta.Table.ChangesAsync(start, end, options, cancellationToken);
            await ScanCommand.WriteAsync(context, fmt, null, batches, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
