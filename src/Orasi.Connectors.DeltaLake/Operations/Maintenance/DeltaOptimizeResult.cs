namespace Orasi.Connectors.DeltaLake.Operations.Maintenance;

/// <summary>What an OPTIMIZE did.</summary>
/// <param name="Version">The version committed, or the version read when nothing needed compaction.</param>
/// <param name="Committed">False when no file needed rewriting (nothing was committed).</param>
/// <param name="FilesAdded">Data files written.</param>
/// <param name="FilesRemoved">Data files replaced.</param>
/// <param name="BytesAdded">Total size of the files written.</param>
/// <param name="BytesRemoved">Total size of the files replaced.</param>
/// <param name="PartitionsOptimized">Partitions in which files were rewritten.</param>
/// <param name="TotalConsideredFiles">Files in the partitions selected by the partition filter.</param>
/// <param name="RowsWritten">Rows written to the new files (deleted rows of deletion vectors excluded).</param>
public sealed record DeltaOptimizeResult(
    long Version,
    bool Committed,
    int FilesAdded,
    int FilesRemoved,
    long BytesAdded,
    long BytesRemoved,
    int PartitionsOptimized,
    int TotalConsideredFiles,
    long RowsWritten);
