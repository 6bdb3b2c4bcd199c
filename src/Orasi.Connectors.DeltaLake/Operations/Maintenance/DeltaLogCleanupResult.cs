namespace Orasi.Connectors.DeltaLake.Operations.Maintenance;

/// <summary>What a log cleanup deleted.</summary>
/// <param name="DeletedFiles">The deleted log files (paths relative to the table root).</param>
/// <param name="EarliestVersion">The earliest version still readable afterwards.</param>
public sealed record DeltaLogCleanupResult(IReadOnlyList<string> DeletedFiles, long EarliestVersion);
