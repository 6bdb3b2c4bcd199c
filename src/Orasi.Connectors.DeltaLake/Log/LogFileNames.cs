using System.Globalization;
using System.Text.RegularExpressions;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.DeltaLake.Log;

/// <summary>Recognises and builds the file names of the Delta log.</summary>
internal static partial class LogFileNames
{
    /// <summary>The log directory, relative to the table root, with a trailing slash.</summary>
    public const string LogDirectory = "_delta_log/";

    /// <summary>The last checkpoint hint file.</summary>
    public const string LastCheckpoint = LogDirectory + "_last_checkpoint";

    /// <summary>The sidecar directory of V2 checkpoints.</summary>
    public const string SidecarDirectory = LogDirectory + "_sidecars/";

    /// <summary>The commit file name for a version: 20 zero-padded digits plus <c>.json</c>.</summary>
    public static string CommitPath(long version) => LogDirectory + version.ToString("D20", CultureInfo.InvariantCulture) + ".json";

    /// <summary>Classic checkpoint file for a version.</summary>
    public static string ClassicCheckpointPath(long version) => LogDirectory + version.ToString("D20", CultureInfo.InvariantCulture) + ".checkpoint.parquet";

    /// <summary>Parses a listed object; returns null when it is not a log file replay uses (including <c>.crc</c> and anything in subdirectories).</summary>
    public static LogFile? Parse(ObjectMetadata entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var path = entry.Path;
        var slash = path.LastIndexOf('/');
        var name = path[(slash + 1)..];
        var directory = path[..(slash + 1)];
        if (!string.Equals(directory, LogDirectory, StringComparison.Ordinal))
        {
            return null;
        }

        var match = LogName().Match(name);
        if (!match.Success)
        {
            return null;
        }

        var version = long.Parse(match.Groups["v"].Value, CultureInfo.InvariantCulture);
        if (match.Groups["commit"].Success)
        {
            return new LogFile(path, LogFileKind.Commit, version, entry.Size, entry.LastModified);
        }

        if (match.Groups["classic"].Success)
        {
            return new LogFile(path, LogFileKind.ClassicCheckpoint, version, entry.Size, entry.LastModified);
        }

        if (match.Groups["part"].Success)
        {
            var part = int.Parse(match.Groups["part"].Value, CultureInfo.InvariantCulture);
            var parts = int.Parse(match.Groups["parts"].Value, CultureInfo.InvariantCulture);
            return part < 1 || part > parts
                ? null
                : new LogFile(path, LogFileKind.MultiPartCheckpoint, version, entry.Size, entry.LastModified) { Part = part, Parts = parts };
        }

        if (match.Groups["uuid"].Success)
        {
            return new LogFile(path, LogFileKind.V2Checkpoint, version, entry.Size, entry.LastModified);
        }

        var end = long.Parse(match.Groups["end"].Value, CultureInfo.InvariantCulture);
        return end > version ? new LogFile(path, LogFileKind.Compaction, version, entry.Size, entry.LastModified) { EndVersion = end } : null;
    }

    [GeneratedRegex(@"^(?<v>\d{20})\.(?:(?<commit>json)|(?<classic>checkpoint\.parquet)|checkpoint\.(?<part>\d{10})\.(?<parts>\d{10})\.parquet|checkpoint\.(?<uuid>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\.(?:json|parquet)|(?<end>\d{20})\.compacted\.json)$")]
    private static partial Regex LogName();
}
