namespace Orasi.Connectors.DeltaLake.Operations.Maintenance;

/// <summary>What a VACUUM deleted (or, in a dry run, would delete).</summary>
/// <param name="DryRun">True when nothing was deleted.</param>
/// <param name="Files">The deleted (or to-be-deleted) files, as paths relative to the table root, in order.</param>
/// <param name="Bytes">Their total size.</param>
/// <param name="Retention">The retention window used.</param>
/// <param name="StartVersion">The VACUUM START commit, or null when nothing was committed (dry run or nothing to delete).</param>
/// <param name="EndVersion">The VACUUM END commit, or null.</param>
public sealed record DeltaVacuumResult(bool DryRun, IReadOnlyList<string> Files, long Bytes, TimeSpan Retention, long? StartVersion, long? EndVersion)
{
    /// <summary>The number of deleted (or to-be-deleted) files.</summary>
    public int FileCount => Files.Count;
}
