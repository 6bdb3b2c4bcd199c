using System.CommandLine;

namespace Orasi.Cli.Hosting;

/// <summary>Options every <c>orasi</c> command accepts.</summary>
internal sealed class GlobalOptions
{
    /// <summary><c>--verbose</c>: print stack traces and debug logs.</summary>
    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Print debug logs and, on failure, the full stack trace.",
        Recursive = true,
    };

    /// <summary><c>--config FILE</c>: the TOML configuration file (else $ORASI_CONFIG, else ./orasi.toml if present).</summary>
    public Option<FileInfo?> Config { get; } = new("--config", "-c")
    {
        Description = "TOML configuration file (default: $ORASI_CONFIG, else ./orasi.toml when it exists).",
        Recursive = true,
        HelpName = "FILE",
    };
}
