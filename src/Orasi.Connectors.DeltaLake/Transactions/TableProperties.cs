using System.Globalization;
using Orasi.Connectors.DeltaLake.Protocol;

namespace Orasi.Connectors.DeltaLake.Transactions;

/// <summary>Typed access to the table properties (<c>metaData.configuration</c>) the writer honours.</summary>
internal static class TableProperties
{
    /// <summary>Commits between checkpoints: <c>delta.checkpointInterval</c> (default 10).</summary>
    public static int CheckpointInterval(Metadata metadata) => PositiveInt(metadata, "delta.checkpointInterval", 10);

    /// <summary>Target data file size in bytes: <c>delta.targetFileSize</c> (default 128 MiB).</summary>
    public static long TargetFileSize(Metadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return metadata.Configuration.TryGetValue("delta.targetFileSize", out var text)
            ? ParseBytes(text, "delta.targetFileSize")
            : Writing.DataFileWriterOptions.DefaultTargetFileSize;
    }

    /// <summary>Whether in-commit timestamps are on: <c>delta.enableInCommitTimestamps</c>.</summary>
    public static bool InCommitTimestamps(Metadata metadata) => Flag(metadata, "delta.enableInCommitTimestamps");

    /// <summary>Whether the table only accepts appends: <c>delta.appendOnly</c>.</summary>
    public static bool AppendOnly(Metadata metadata) => Flag(metadata, "delta.appendOnly");

    /// <summary>How long remove tombstones are kept: <c>delta.deletedFileRetentionDuration</c> (default 1 week).</summary>
    public static TimeSpan DeletedFileRetention(Metadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return metadata.Configuration.TryGetValue("delta.deletedFileRetentionDuration", out var text)
            ? ParseInterval(text, "delta.deletedFileRetentionDuration")
            : TimeSpan.FromDays(7);
    }

    /// <summary>True when the property is <c>true</c> (case-insensitive).</summary>
    public static bool Flag(Metadata metadata, string key)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return metadata.Configuration.TryGetValue(key, out var text) && string.Equals(text?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Parses a Spark interval such as <c>interval 1 week</c> or <c>interval 30 days</c>.</summary>
    /// <exception cref="ValidationFailedException">The text is not an interval.</exception>
    public static TimeSpan ParseInterval(string text, string key)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 3 && string.Equals(parts[0], "interval", StringComparison.OrdinalIgnoreCase)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
        {
            var unit = parts[2].ToLowerInvariant().TrimEnd('s');
            TimeSpan? span = unit switch
            {
                "millisecond" => TimeSpan.FromMilliseconds(n),
                "second" => TimeSpan.FromSeconds(n),
                "minute" => TimeSpan.FromMinutes(n),
                "hour" => TimeSpan.FromHours(n),
                "day" => TimeSpan.FromDays(n),
                "week" => TimeSpan.FromDays(7 * n),
                _ => null,
            };
            if (span is { } value)
            {
                return value;
            }
        }

        throw new ValidationFailedException($"The table property '{key}' is '{text}'; use an interval such as 'interval 7 days'.");
    }

    private static long ParseBytes(string text, string key)
    {
        var trimmed = text.Trim().ToLowerInvariant();
        long multiplier = 1;
        foreach (var (suffix, factor) in new[] { ("kb", 1024L), ("mb", 1024L * 1024), ("gb", 1024L * 1024 * 1024), ("k", 1024L), ("m", 1024L * 1024), ("g", 1024L * 1024 * 1024), ("b", 1L) })
        {
            if (trimmed.EndsWith(suffix, StringComparison.Ordinal))
            {
                multiplier = factor;
                trimmed = trimmed[..^suffix.Length].Trim();
                break;
            }
        }

        return long.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n * multiplier
            : throw new ValidationFailedException($"The table property '{key}' is '{text}'; use a positive number of bytes such as 134217728 or '128mb'.");
    }

    private static int PositiveInt(Metadata metadata, string key, int fallback)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (!metadata.Configuration.TryGetValue(key, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ValidationFailedException($"The table property '{key}' is '{text}'; it must be a positive integer.");
    }
}
