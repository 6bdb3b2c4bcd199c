using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Orasi.Cli.Hosting;
using Orasi.Connectors;
using Orasi.Connectors.Configuration;
using Spectre.Console;

namespace Orasi.Cli.Commands;

/// <summary><c>orasi health</c>: the health of every configured connector. Exit code 1 when any is unhealthy.</summary>
internal static class HealthCommand
{
    public static Command Create(CliContext context, GlobalOptions globals)
    {
        var format = new Option<string>("--format", "-f")
        {
            Description = "table (default) or json.",
            DefaultValueFactory = _ => "table",
        }.AcceptOnlyFromAmong("table", "json");

        var command = new Command("health", "Check the health of each configured connector.") { format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = ConfigurationLoader.Load(parse, globals, context);
            var sections = configuration.GetSection("connectors").GetChildren().ToList();
            if (sections.Count == 0)
            {
                await context.Output.WriteLineAsync(
                    "No connectors are configured: add [connectors.<name>] sections to orasi.toml (or pass --config) or set {CONNECTOR}_* environment variables such as DELTALAKE_TABLE_PATH.").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var results = new List<(string Name, HealthStatus Status)>();
            foreach (var section in sections)
            {
                var common = ConnectorOptions.FromConfiguration(configuration, section.Key);
                var status = await ConfiguredConnectorProbe.CheckAsync(section.Key, section, common.Timeout, cancellationToken).ConfigureAwait(false);
                results.Add((section.Key, status));
            }

            if (parse.GetValue(format) == "json")
            {
                var json = JsonSerializer.Serialize(
                    results.Select(r => new { connector = r.Name, state = r.Status.State.ToString().ToLowerInvariant(), description = r.Status.Description }),
                    new JsonSerializerOptions { WriteIndented = true });
                await context.Output.WriteLineAsync(json).ConfigureAwait(false);
            }
            else
            {
                var table = new Table().AddColumns("connector", "state", "description");
                foreach (var (name, status) in results)
                {
                    var colour = status.State switch { HealthState.Healthy => "green", HealthState.Degraded => "yellow", _ => "red" };
                    table.AddRow(Markup.Escape(name), $"[{colour}]{status.State.ToString().ToLowerInvariant()}[/]", Markup.Escape(status.Description));
                }

                context.Console.Write(table);
            }

            var unhealthy = results.Count(r => r.Status.State == HealthState.Unhealthy);
            if (unhealthy > 0)
            {
                await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"orasi: {unhealthy} of {results.Count} connectors are unhealthy.")).ConfigureAwait(false);
                return ExitCodes.RuntimeFailure;
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
