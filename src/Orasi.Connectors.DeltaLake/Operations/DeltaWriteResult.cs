namespace Orasi.Connectors.DeltaLake.Operations;

/// <summary>What a Delta operation committed.</summary>
/// <param name="Version">The table version after the operation (the committed version, or the current one when skipped).</param>
/// <param name="Skipped">True when nothing was committed (idempotent replay, <see cref="DeltaWriteMode.Ignore"/>, or nothing to delete).</param>
/// <param name="FilesAdded">Data files added.</param>
/// <param name="FilesRemoved">Data files removed.</param>
/// <param name="RowsWritten">Rows written to new files (including rewritten rows).</param>
/// <param name="BytesWritten">Bytes of the new files.</param>
public sealed record DeltaWriteResult(long Version, bool Skipped, int FilesAdded, int FilesRemoved, long RowsWritten, long BytesWritten);
