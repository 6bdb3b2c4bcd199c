namespace Orasi.Connectors.DeltaLake.Log;

/// <summary>
/// The files needed to reconstruct one version of a table: at most one complete checkpoint and the contiguous
/// commits after it, up to and including <see cref="Version"/>.
/// </summary>
internal sealed record LogSegment
{
    /// <summary>The table version this segment reconstructs.</summary>
    public required long Version { get; init; }

    /// <summary>The checkpoint's version, or null when replay starts from version 0.</summary>
    public long? CheckpointVersion { get; init; }

    /// <summary>The checkpoint's files (one, or all parts of a multi-part checkpoint), empty when none.</summary>
    public IReadOnlyList<LogFile> CheckpointFiles { get; init; } = [];

    /// <summary>Commit files after the checkpoint, in ascending version order.</summary>
    public IReadOnlyList<LogFile> Commits { get; init; } = [];

    /// <summary>Log compaction files lying entirely inside the commit range (informational; replay reads the commits).</summary>
    public IReadOnlyList<LogFile> Compactions { get; init; } = [];

    /// <summary>The earliest version that can be reconstructed from the listed files.</summary>
    public required long EarliestVersion { get; init; }

    /// <summary>The newest version in the log.</summary>
    public required long LatestVersion { get; init; }

    /// <summary>The parsed <c>_last_checkpoint</c> hint, if one was present and valid.</summary>
    public LastCheckpointHint? Hint { get; init; }
}
