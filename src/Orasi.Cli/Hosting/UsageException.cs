namespace Orasi.Cli.Hosting;

/// <summary>A command-line value that parsed but makes no sense (a negative count, an unknown format). Exit code 2.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message) : base(message) { }

    public UsageException(string message, Exception innerException) : base(message, innerException) { }

    public UsageException() : base("The command line is invalid.") { }
}
