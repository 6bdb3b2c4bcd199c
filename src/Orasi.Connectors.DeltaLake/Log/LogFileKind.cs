namespace Orasi.Connectors.DeltaLake.Log;

/// <summary>The kinds of files in <c>_delta_log/</c> that log replay understands.</summary>
internal enum LogFileKind
{
    /// <summary><c>N.json</c>: the actions of version N.</summary>
    Commit,

    /// <summary><c>N.checkpoint.parquet</c>: a classic checkpoint (V1 or V2 spec).</summary>
    ClassicCheckpoint,

    /// <summary><c>N.checkpoint.P.K.parquet</c>: part P of a K-part V1 checkpoint.</summary>
    MultiPartCheckpoint,

    /// <summary><c>N.checkpoint.&lt;uuid&gt;.json|parquet</c>: a UUID-named V2 checkpoint.</summary>
    V2Checkpoint,

    /// <summary><c>X.Y.compacted.json</c>: reconciled actions of versions X to Y.</summary>
    Compaction,
}
