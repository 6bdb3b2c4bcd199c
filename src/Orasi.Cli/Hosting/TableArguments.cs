using System.CommandLine;
using System.Globalization;
using Orasi.Cli.Tables;

namespace Orasi.Cli.Hosting;

/// <summary>The arguments every table command shares: the location, the format override and storage options, plus time travel.</summary>
internal sealed class TableArguments
{
    public Argument<string> Uri { get; } = new("URI") { Description = "Table or dataset location: a path, file://, s3:// or memory:// URI." };

    public Option<string?> TableFormat { get; } = new("--table-format") { Description = "Force the table format (delta, parquet) instead of detecting it." };

    public Option<string[]> StorageOptions { get; } = new("--storage-option") { Description = "Object store option key=value (e.g. aws_endpoint=http://127.0.0.1:9000); repeatable." };

    public Option<long?> Version { get; } = new("--version") { Description = "Read the table as of this version (snapshot id for Iceberg)." };

    public Option<string?> Timestamp { get; } = new("--timestamp") { Description = "Read the table as of this time (ISO-8601, e.g. 2026-01-01T12:00:00Z)." };

    /// <summary>Adds the location, format and storage options (and, when asked, time travel) to a command.</summary>
    public void AddTo(Command command, bool timeTravel)
    {
        command.Add(Uri);
        command.Add(TableFormat);
        command.Add(StorageOptions);
        if (timeTravel)
        {
            command.Add(Version);
            command.Add(Timestamp);
        }
    }

    public Task<ITableHandle> OpenAsync(ParseResult parse, CancellationToken cancellationToken) =>
        TableResolver.OpenAsync(parse.GetRequiredValue(Uri), parse.GetValue(TableFormat), StorageOptionsParser.Parse(parse.GetValue(StorageOptions)), cancellationToken);

    public TimeTravel GetTimeTravel(ParseResult parse)
    {
        var version = parse.GetValue(Version);
        var text = parse.GetValue(Timestamp);
        if (version is not null && text is not null)
        {
            throw new UsageException("Give --version or --timestamp, not both.");
        }

        if (version is < 0)
        {
            throw new UsageException($"--version must be zero or more, got {version}.");
        }

        DateTimeOffset? timestamp = null;
        if (text is not null)
        {
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                throw new UsageException($"--timestamp '{text}' is not a date and time; use ISO-8601 such as 2026-01-01T12:00:00Z.");
            }

            timestamp = parsed;
        }

        return new TimeTravel(version, timestamp);
    }
}
