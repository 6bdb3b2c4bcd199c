using Spectre.Console;

namespace Orasi.Cli.Hosting;

/// <summary>
/// What a command needs from its surroundings: where to write, the environment it runs in and the console used for
/// tables and progress bars. Tests construct one over string writers; <see cref="Program"/> uses the real console.
/// </summary>
internal sealed class CliContext
{
    public CliContext(TextWriter output, TextWriter error, IReadOnlyDictionary<string, string> environment, bool interactive)
    {
        Output = output;
        Error = error;
        Environment = environment;
        Interactive = interactive;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        ErrorConsole = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(error),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
    }

    /// <summary>Standard output: data and reports.</summary>
    public TextWriter Output { get; }

    /// <summary>Standard error: errors, warnings and progress.</summary>
    public TextWriter Error { get; }

    /// <summary>The process environment (injected so tests can set variables without touching the real process).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>True when a person is watching a terminal: progress bars and colours are shown.</summary>
    public bool Interactive { get; }

    /// <summary>Spectre console over <see cref="Output"/> for tables.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Spectre console over <see cref="Error"/> for progress bars, so data on stdout stays clean.</summary>
    public IAnsiConsole ErrorConsole { get; }

    /// <summary>A context over the real console and process environment.</summary>
    public static CliContext FromProcess()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                env[key] = value;
            }
        }

        var interactive = !System.Console.IsErrorRedirected && string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("CI"));
        return new CliContext(System.Console.Out, System.Console.Error, env, interactive);
    }
}
