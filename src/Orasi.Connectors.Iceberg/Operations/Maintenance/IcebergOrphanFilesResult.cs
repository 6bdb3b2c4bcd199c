namespace Orasi.Connectors.Iceberg.Operations.Maintenance;

/// <summary>The outcome of <see cref="IcebergMaintenance.RemoveOrphanFilesAsync"/>.</summary>
/// <param name="OrphanFiles">Locations of the unreachable files older than the cutoff, sorted (deleted unless <paramref name="DryRun"/>).</param>
/// <param name="Bytes">Their total size.</param>
/// <param name="DryRun">True when nothing was deleted.</param>
/// <param name="ReachableFiles">How many distinct files the table's metadata references.</param>
public sealed record IcebergOrphanFilesResult(IReadOnlyList<string> OrphanFiles, long Bytes, bool DryRun, int ReachableFiles);
