namespace Orasi.Cli.Hosting;

/// <summary>Process exit codes of the <c>orasi</c> command.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The command was well formed but failed while running (I/O, a service, bad data or configuration).</summary>
    public const int RuntimeFailure = 1;

    /// <summary>The command line was wrong: an unknown command or option, a missing or malformed value.</summary>
    public const int UsageError = 2;
}
