using System.CommandLine;
using System.Text.Json;
using Orasi.Cli.Hosting;
using Orasi.Connectors.Configuration;
using Spectre.Console;

namespace Orasi.Cli.Commands;

/// <summary><c>orasi config show</c>: the effective configuration (defaults, file, environment), secrets redacted.</summary>
internal static class ConfigCommand
{
    public static Command Create(CliContext context, GlobalOptions globals)
    {
        var format = new Option<string>("--format", "-f")
        {
            Description = "toml (default), table or json.",
            DefaultValueFactory = _ => "toml",
        }.AcceptOnlyFromAmong("toml", "table", "json");
        var sources = new Option<bool>("--sources")
        {
            Description = "Show where each value came from (default, file or environment).",
        };

        var show = new Command("show", "Print the effective configuration with secrets redacted.") { format, sources };
        show.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = ConfigurationLoader.Load(parse, globals, context);
            var report = ConfigurationReport.Create(configuration);
            switch (parse.GetValue(format))
            {
                case "table":
                    var table = new Table().AddColumns("key", "value", "source");
                    foreach (var entry in report.Entries)
                    {
                        table.AddRow(Markup.Escape(entry.Key), Markup.Escape(entry.Value), entry.Source.ToString().ToLowerInvariant());
                    }

                    context.Console.Write(table);
                    break;
                case "json":
                    var json = JsonSerializer.Serialize(
                        report.Entries.Select(e => new { key = e.Key, value = e.Value, source = e.Source.ToString().ToLowerInvariant(), secret = e.IsSecret }),
                        new JsonSerializerOptions { WriteIndented = true });
                    await context.Output.WriteLineAsync(json.AsMemory(), cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await context.Output.WriteAsync(report.ToToml(parse.GetValue(sources)).AsMemory(), cancellationToken).ConfigureAwait(false);
                    break;
            }

            return ExitCodes.Success;
        });

        return new Command("config", "Inspect the configuration.") { show };
    }
}
