namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>A named reference to a snapshot: a branch or a tag.</summary>
/// <param name="SnapshotId">The referenced snapshot.</param>
/// <param name="Type"><c>branch</c> or <c>tag</c>.</param>
public sealed record SnapshotRef(long SnapshotId, string Type)
{
    /// <summary>Branches only: minimum snapshots to keep.</summary>
    public int? MinSnapshotsToKeep { get; init; }

    /// <summary>Branches only: maximum snapshot age to keep.</summary>
    public long? MaxSnapshotAgeMs { get; init; }

    /// <summary>Maximum age of the reference itself.</summary>
    public long? MaxRefAgeMs { get; init; }

    /// <summary>True for branches.</summary>
    public bool IsBranch => Type == "branch";
}
