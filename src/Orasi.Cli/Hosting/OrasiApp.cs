using System.CommandLine;
using Orasi.Cli.Commands;
using Orasi.Connectors;

namespace Orasi.Cli.Hosting;

/// <summary>Builds the <c>orasi</c> command tree and runs it, turning failures into one clear sentence and an exit code.</summary>
internal static class OrasiApp
{
    /// <summary>Builds the root command with every subcommand.</summary>
    public static RootCommand BuildRootCommand(CliContext context, GlobalOptions globals)
    {
        var root = new RootCommand(
            "orasi: move telemetry and Arrow data into and out of lakehouse tables (Delta, Iceberg, Hudi), Parquet datasets on S3 and Kafka.");
        root.Add(globals.Verbose);
        root.Add(globals.Config);
        root.Add(ConfigCommand.Create(context, globals));
        root.Add(HealthCommand.Create(context, globals));
        root.Add(GenerateCommand.Create(context, globals));
        root.Add(ScanCommand.Create(context, globals));
        root.Add(DescribeCommand.Create(context, globals));
        root.Add(HistoryCommand.Create(context, globals));
        root.Add(OptimizeCommand.Create(context, globals));
        root.Add(VacuumCommand.Create(context, globals));
        root.Add(RestoreCommand.Create(context, globals));
        root.Add(ChangesCommand.Create(context, globals));
        root.Add(WriteCommand.Create(context, globals));
        root.Add(KafkaCommand.Create(context, globals));
        root.Add(IcebergCommand.Create(context, globals));
        return root;
    }

    /// <summary>Parses and runs a command line. Returns the process exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var globals = new GlobalOptions();
        var root = BuildRootCommand(context, globals);
        var parse = root.Parse(args);

        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await context.Error.WriteLineAsync($"orasi: {error.Message}").ConfigureAwait(false);
            }

            await context.Error.WriteLineAsync("Run 'orasi --help' to see the commands and their options.").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        var verbose = parse.GetValue(globals.Verbose);
        var invocation = new InvocationConfiguration
        {
            Output = context.Output,
            Error = context.Error,
            EnableDefaultExceptionHandler = false,
        };

        try
        {
            return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException ex)
        {
            await ReportAsync(context, ex, verbose).ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            await ReportAsync(context, new OperationCanceledException("The command was cancelled.", ex), verbose).ConfigureAwait(false);
            return ExitCodes.RuntimeFailure;
        }
#pragma warning disable CA1031 // The command line is the last place to catch: every failure becomes a sentence and exit code 1.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await ReportAsync(context, ex, verbose).ConfigureAwait(false);
            return ExitCodes.RuntimeFailure;
        }
    }

    private static async Task ReportAsync(CliContext context, Exception exception, bool verbose)
    {
        await context.Error.WriteLineAsync($"orasi: error: {Describe(exception)}").ConfigureAwait(false);
        if (verbose)
        {
            await context.Error.WriteLineAsync(exception.ToString()).ConfigureAwait(false);
        }
        else if (exception is not UsageException)
        {
            await context.Error.WriteLineAsync("Run again with --verbose for details.").ConfigureAwait(false);
        }
    }

    /// <summary>One sentence for a failure: our own exceptions already say what to do; others get their type named.</summary>
    private static string Describe(Exception exception) => exception switch
    {
        ConnectorException or UsageException => exception.Message,
        IOException or UnauthorizedAccessException => exception.Message,
        _ => $"{exception.Message} ({exception.GetType().Name})",
    };
}
