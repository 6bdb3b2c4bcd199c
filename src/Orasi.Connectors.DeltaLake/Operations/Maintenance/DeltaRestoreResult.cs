namespace Orasi.Connectors.DeltaLake.Operations.Maintenance;

/// <summary>What a RESTORE did.</summary>
/// <param name="Version">The version committed (or the current version when the table already matched the target).</param>
/// <param name="RestoredVersion">The version the table was restored to.</param>
/// <param name="Committed">False when the table already matched the target version.</param>
/// <param name="FilesRemoved">Files removed because the target version did not have them.</param>
/// <param name="FilesRestored">Files of the target version added back.</param>
/// <param name="BytesRemoved">Size of the removed files.</param>
/// <param name="BytesRestored">Size of the restored files.</param>
public sealed record DeltaRestoreResult(long Version, long RestoredVersion, bool Committed, int FilesRemoved, int FilesRestored, long BytesRemoved, long BytesRestored);
