using Orasi.Connectors.DeltaLake.Protocol;

namespace Orasi.Connectors.DeltaLake.Log;

/// <summary>The reconciled state of a table at one version, as produced by <see cref="LogReplay"/>.</summary>
internal sealed record TableState
{
    /// <summary>The version this state describes.</summary>
    public required long Version { get; init; }

    /// <summary>The latest protocol action.</summary>
    public required ProtocolAction Protocol { get; init; }

    /// <summary>The latest metadata action.</summary>
    public required Metadata Metadata { get; init; }

    /// <summary>Live logical files keyed by (path, deletion vector id).</summary>
    public required IReadOnlyDictionary<LogicalFileKey, AddFile> Files { get; init; }

    /// <summary>Tombstones (remove actions) keyed by (path, deletion vector id), for VACUUM.</summary>
    public required IReadOnlyDictionary<LogicalFileKey, RemoveFile> Tombstones { get; init; }

    /// <summary>Latest transaction identifier per application id.</summary>
    public required IReadOnlyDictionary<string, SetTransaction> Transactions { get; init; }

    /// <summary>Live metadata domains (tombstoned domains excluded).</summary>
    public required IReadOnlyDictionary<string, DomainMetadata> Domains { get; init; }

    /// <summary>The commitInfo of each replayed commit file, by version (versions after the checkpoint only).</summary>
    public required IReadOnlyDictionary<long, CommitInfo> CommitInfos { get; init; }

    /// <summary>The log files this state was built from.</summary>
    public required LogSegment Segment { get; init; }
}
