using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Orasi.Cli.Hosting;
using Spectre.Console;

namespace Orasi.Cli.Commands;

/// <summary><c>orasi history URI</c>: the commits (snapshots, instants) of a table, newest first.</summary>
internal static class HistoryCommand
{
    public static Command Create(CliContext context, GlobalOptions globals)
    {
        _ = globals;
        var table = new TableArguments();
        var limit = new Option<int?>("--limit") { Description = "Show at most this many entries." };
        var format = new Option<string>("--format", "-f") { Description = "table (default) or jsonl.", DefaultValueFactory = _ => "table" }
            .AcceptOnlyFromAmong("table", "jsonl");
        var command = new Command("history", "Show a table's history (commit info per version), newest first.") { limit, format };
        table.AddTo(command, timeTravel: false);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(limit) is <= 0)
            {
                throw new UsageException("--limit must be positive.");
            }

            await using var handle = await table.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
            var history = await handle.HistoryAsync(parse.GetValue(limit), cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(format) == "jsonl")
            {
                foreach (var entry in history)
                {
                    var line = JsonSerializer.Serialize(new
                    {
                        version = entry.Version,
                        timestamp = entry.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
                        operation = entry.Operation,
                        parameters = entry.Parameters,
                        details = entry.Details is null ? (JsonElement?)null : JsonDocument.Parse(entry.Details).RootElement,
                    });
                    await context.Output.WriteLineAsync(line).ConfigureAwait(false);
                }

                return ExitCodes.Success;
            }

            var rendered = new Table().AddColumns("version", "timestamp", "operation", "parameters", "metrics");
            foreach (var entry in history)
            {
                rendered.AddRow(
                    Markup.Escape(entry.Version),
                    entry.Timestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    Markup.Escape(entry.Operation ?? ""),
                    Markup.Escape(string.Join(", ", entry.Parameters.Select(p => $"{p.Key}={p.Value}"))),
                    Markup.Escape(entry.Details ?? ""));
            }

            context.Console.Write(rendered);
            return ExitCodes.Success;
        });
        return command;
    }
}
