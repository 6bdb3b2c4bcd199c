namespace Orasi.Connectors.DeltaLake.Operations.Dml;

/// <summary>What an UPDATE, DELETE or MERGE committed.</summary>
/// <param name="Version">The table version after the operation (the committed version, or the current one when skipped).</param>
/// <param name="Skipped">True when no row changed and nothing was committed.</param>
/// <param name="NumTargetRowsUpdated">Rows whose values were changed.</param>
/// <param name="NumTargetRowsDeleted">Rows deleted.</param>
/// <param name="NumTargetRowsInserted">Rows inserted (MERGE's not-matched clause).</param>
/// <param name="NumTargetRowsCopied">Unchanged rows rewritten to new files (copy-on-write only; zero with deletion vectors).</param>
/// <param name="FilesAdded">Add actions for data files (new files, and files re-added with a deletion vector).</param>
/// <param name="FilesRemoved">Remove actions for data files.</param>
/// <param name="ChangeFilesAdded">Change data files (<c>cdc</c> actions) written for the change data feed.</param>
/// <param name="DeletionVectorsAdded">Deletion vectors written.</param>
/// <param name="BytesWritten">Bytes of new data files.</param>
public sealed record DeltaDmlResult(
    long Version,
    bool Skipped,
    long NumTargetRowsUpdated,
    long NumTargetRowsDeleted,
    long NumTargetRowsInserted,
    long NumTargetRowsCopied,
    int FilesAdded,
    int FilesRemoved,
    int ChangeFilesAdded,
    int DeletionVectorsAdded,
    long BytesWritten);
