namespace Orasi.Cli.Tables;

/// <summary>Which snapshot of a table to read: the latest, a version, or the newest one at a point in time.</summary>
internal sealed record TimeTravel(long? Version, DateTimeOffset? Timestamp)
{
    public static TimeTravel Latest { get; } = new(null, null);

    public bool IsLatest => Version is null && Timestamp is null;
}
