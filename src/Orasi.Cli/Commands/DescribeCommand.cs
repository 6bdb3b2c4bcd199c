using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Orasi.Cli.Hosting;
using Orasi.Cli.Tables;
using Spectre.Console;

namespace Orasi.Cli.Commands;

/// <summary><c>orasi describe URI</c>: schema, partitioning, protocol, properties, file count and size of a table.</summary>
internal static class DescribeCommand
{
    public static Command Create(CliContext context, GlobalOptions globals)
    {
        _ = globals;
        var table = new TableArguments();
        var format = new Option<string>("--format", "-f") { Description = "text (default) or json.", DefaultValueFactory = _ => "text" }
            .AcceptOnlyFromAmong("text", "json");
        var command = new Command("describe", "Show a table's schema, partitioning, protocol, properties, file count and size.") { format };
        table.AddTo(command, timeTravel: true);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var travel = table.GetTimeTravel(parse);
            await using var handle = await table.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
            var description = await handle.DescribeAsync(travel, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(format) == "json")
            {
                var json = JsonSerializer.Serialize(new
                {
                    format = description.Format,
                    location = description.Location,
                    version = description.Version,
                    schema = description.Schema.FieldsList.Select(f => new { name = f.Name, type = ArrowTypeNames.Describe(f.DataType), nullable = f.IsNullable }),
                    partition_columns = description.PartitionColumns,
                    protocol = description.Protocol.ToDictionary(p => p.Key, p => p.Value),
                    properties = description.Properties,
                    file_count = description.FileCount,
                    size_bytes = description.TotalBytes,
                }, new JsonSerializerOptions { WriteIndented = true });
                await context.Output.WriteLineAsync(json).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var console = context.Console;
            console.WriteLine($"format:     {description.Format}");
            console.WriteLine($"location:   {description.Location}");
            if (description.Version is not null)
            {
                console.WriteLine($"version:    {description.Version}");
            }

            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"files:      {description.FileCount:N0} ({GenerateCommand.FormatBytes(description.TotalBytes)})"));
            console.WriteLine($"partitions: {(description.PartitionColumns.Count == 0 ? "(none)" : string.Join(", ", description.PartitionColumns))}");
            var schema = new Table().AddColumns("column", "type", "nullable");
            foreach (var field in description.Schema.FieldsList)
            {
                schema.AddRow(Markup.Escape(field.Name), Markup.Escape(ArrowTypeNames.Describe(field.DataType)), field.IsNullable ? "yes" : "no");
            }

            console.Write(schema);
            if (description.Protocol.Count > 0)
            {
                console.WriteLine("protocol:");
                foreach (var (key, value) in description.Protocol)
                {
                    console.WriteLine($"  {key} = {value}");
                }
            }

            if (description.Properties.Count > 0)
            {
                console.WriteLine("properties:");
                foreach (var (key, value) in description.Properties.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    console.WriteLine($"  {key} = {value}");
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
