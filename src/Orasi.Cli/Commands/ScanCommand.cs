using System.CommandLine;
using System.Text.Json;
using Apache.Arrow;
using Orasi.Cli.Hosting;
using Orasi.Cli.Tables;
using Orasi.Connectors;
using Orasi.Connectors.Formatting;
using Orasi.Connectors.Parquet;
using Orasi.Connectors.Predicates;
using Spectre.Console;
using Table = Spectre.Console.Table;

namespace Orasi.Cli.Commands;

/// <summary>
/// <c>orasi scan URI</c>: reads a table or Parquet dataset with projection, a filter and a limit, and prints it as a
/// table, JSON Lines or CSV, or writes it to a Parquet file.
/// </summary>
internal static class ScanCommand
{
    /// <summary>Rows shown by the table format when no --limit is given.</summary>
    public const int DefaultTableRows = 20;

    public static Command Create(CliContext context, GlobalOptions globals)
    {
        _ = globals;
        var table = new TableArguments();
        var columns = new Option<string?>("--columns") { Description = "Comma-separated columns to return, in this order (default: all)." };
        var where = new Option<string?>("--where") { Description = "Filter such as \"service_name = 'checkout' and duration_ns > 1000\"." };
        var limit = new Option<long?>("--limit") { Description = $"Return at most this many rows (table format default: {DefaultTableRows})." };
        var format = new Option<string>("--format", "-f")
        {
            Description = "table, jsonl, csv or parquet (parquet needs --output).",
            DefaultValueFactory = _ => "table",
        }.AcceptOnlyFromAmong("table", "jsonl", "csv", "parquet");
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output.", HelpName = "FILE" };

        var command = new Command("scan", "Read rows from a table (Delta) or Parquet dataset, optionally as of a version or time.")
        {
            columns, where, limit, format, output,
        };
        table.AddTo(command, timeTravel: true);

        command.SetAction(async (parse, cancellationToken) =>
        {
            var fmt = parse.GetValue(format)!;
            var outputPath = parse.GetValue(output);
            if (fmt == "parquet" && outputPath is null)
            {
                throw new UsageException("--format parquet writes binary data: give --output FILE.");
            }

            var rowLimit = parse.GetValue(limit);
            if (rowLimit is < 0)
            {
                throw new UsageException($"--limit must be zero or more, got {rowLimit}.");
            }

            var projection = parse.GetValue(columns)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var filterText = parse.GetValue(where);
            var filter = string.IsNullOrWhiteSpace(filterText) ? null : Predicate.Parse(filterText);

            var travel = table.GetTimeTravel(parse);
            await using var handle = await table.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
            await using var source = await handle.OpenScanAsync(travel, cancellationToken).ConfigureAwait(false);
            ValidateColumns(source.Schema, projection);
            filter?.Validate(source.Schema);

            var effectiveLimit = rowLimit ?? (fmt == "table" && outputPath is null ? DefaultTableRows : long.MaxValue);
            var batches = Limit(source.ScanAsync(projection, filter, cancellationToken), effectiveLimit, cancellationToken);
            await WriteAsync(context, fmt, outputPath, batches, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void ValidateColumns(Schema schema, string[]? projection)
    {
        foreach (var column in projection ?? [])
        {
            if (schema.GetFieldIndex(column) < 0)
            {
                throw new ValidationFailedException($"Column '{column}' does not exist; the columns are: {string.Join(", ", schema.FieldsList.Select(f => f.Name))}.");
            }
        }
    }

    private static async IAsyncEnumerable<RecordBatch> Limit(IAsyncEnumerable<RecordBatch> batches, long limit, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            yield break;
        }

        long remaining = limit;
        await foreach (var batch in batches.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (batch.Length <= remaining)
            {
                remaining -= batch.Length;
                yield return batch;
            }
            else
            {
                yield return batch.Slice(0, (int)remaining);
                remaining = 0;
            }

            if (remaining == 0)
            {
                yield break;
            }
        }
    }

    internal static async Task WriteAsync(CliContext context, string format, string? outputPath, IAsyncEnumerable<RecordBatch> batches, CancellationToken cancellationToken)
    {
        Stream? file = null;
        try
        {
            if (outputPath is not null && format != "parquet")
            {
                file = File.Create(outputPath);
            }

            switch (format)
            {
                case "jsonl" or "csv":
                {
                    await using BatchTextWriter writer = (format, file) switch
                    {
                        ("jsonl", null) => new JsonLinesBatchWriter(context.Output, leaveOpen: true),
                        ("jsonl", _) => new JsonLinesBatchWriter(file, leaveOpen: true),
                        (_, null) => new CsvBatchWriter(context.Output, leaveOpen: true),
                        _ => new CsvBatchWriter(file, leaveOpen: true),
                    };
                    await foreach (var batch in batches.ConfigureAwait(false))
                    {
                        await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                    }

                    await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                    break;
                }

                case "parquet":
                    await WriteParquetAsync(outputPath!, batches, cancellationToken).ConfigureAwait(false);
                    break;

                default:
                    await WriteTableAsync(context, file, batches, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        finally
        {
            if (file is not null)
            {
                await file.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task WriteParquetAsync(string outputPath, IAsyncEnumerable<RecordBatch> batches, CancellationToken cancellationToken)
    {
        ParquetBatchWriter? writer = null;
        try
        {
            await foreach (var batch in batches.ConfigureAwait(false))
            {
                writer ??= ParquetBatchWriter.Create(outputPath, batch.Schema, new ParquetWriteOptions { CreatedBy = "orasi" });
                await writer.WriteBatchAsync(batch, cancellationToken).ConfigureAwait(false);
            }

            if (writer is null)
            {
                throw new ValidationFailedException("No rows matched, so no Parquet file was written (its schema would be unknown).");
            }

            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (writer is not null)
            {
                await writer.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Renders rows as a table; cells use the JSON Lines value format, strings unquoted.</summary>
    private static async Task WriteTableAsync(CliContext context, Stream? file, IAsyncEnumerable<RecordBatch> batches, CancellationToken cancellationToken)
    {
        Table? table = null;
        long rows = 0;
        await foreach (var batch in batches.ConfigureAwait(false))
        {
            if (table is null)
            {
                table = new Table();
                foreach (var field in batch.Schema.FieldsList)
                {
                    table.AddColumn(Markup.Escape(field.Name));
                }
            }

            foreach (var line in JsonLinesBatchWriter.ToJsonLines(batch).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                using var row = JsonDocument.Parse(line);
                table.AddRow(row.RootElement.EnumerateObject().Select(p => Markup.Escape(Cell(p.Value))).ToArray());
                rows++;
            }
        }

        var console = context.Console;
        if (file is not null)
        {
            console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StreamWriter(file) { AutoFlush = true }), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        }

        if (table is null)
        {
            console.WriteLine("(no rows)");
        }
        else
        {
            console.Write(table);
            console.WriteLine($"({rows} row{(rows == 1 ? "" : "s")})");
        }

        await Task.CompletedTask.ConfigureAwait(false);
        _ = cancellationToken;
    }

    private static string Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.String => value.GetString() ?? "",
        _ => value.GetRawText(),
    };
}
