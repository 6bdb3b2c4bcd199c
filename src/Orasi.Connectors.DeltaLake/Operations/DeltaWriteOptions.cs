using Orasi.Connectors.DeltaLake.Transactions;
using Orasi.Connectors.Parquet;
using Orasi.Connectors.Predicates;

namespace Orasi.Connectors.DeltaLake.Operations;

/// <summary>Options of <see cref="DeltaTableWriter.WriteAsync(string, IAsyncEnumerable{Apache.Arrow.RecordBatch}, DeltaWriteOptions?, CancellationToken)"/>.</summary>
public sealed record DeltaWriteOptions
{
    /// <summary>What to do when the table exists (default <see cref="DeltaWriteMode.Append"/>).</summary>
    public DeltaWriteMode Mode { get; init; } = DeltaWriteMode.Append;

    /// <summary>Partition columns for a new table; for an existing table they must equal its partition columns when given.</summary>
    public IReadOnlyList<string>? PartitionBy { get; init; }

    /// <summary>
    /// With <see cref="DeltaWriteMode.Overwrite"/>: replace only the rows matching this predicate (files fully matching are
    /// removed, partially matching files are rewritten without the matching rows); every new row must match it.
    /// </summary>
    public Predicate? ReplaceWhere { get; init; }

    /// <summary>How schema differences are handled (default <see cref="DeltaSchemaMode.None"/>).</summary>
    public DeltaSchemaMode SchemaMode { get; init; } = DeltaSchemaMode.None;

    /// <summary>Target data file size in bytes; defaults to <c>delta.targetFileSize</c> or 128 MiB.</summary>
    public long? TargetFileSize { get; init; }

    /// <summary>Parquet codec of the data files (default Snappy).</summary>
    public ParquetCompression Compression { get; init; } = ParquetCompression.Snappy;

    /// <summary>Application id for idempotent writes; with <see cref="AppVersion"/>, a write whose version is not above the recorded one is skipped.</summary>
    public string? AppId { get; init; }

    /// <summary>Application version for idempotent writes (see <see cref="AppId"/>).</summary>
    public long? AppVersion { get; init; }

    /// <summary>
    /// Application transactions to record in the commit (one <c>txn</c> action each), each checked against the
    /// version the table records for its application id; a mismatch fails the write with <see cref="CommitConflictException"/>.
    /// </summary>
    public IReadOnlyList<DeltaAppTransaction>? Transactions { get; init; }

    /// <summary>Table properties (<c>delta.*</c>) used when the write creates the table.</summary>
    public IReadOnlyDictionary<string, string>? Configuration { get; init; }

    /// <summary>Object store options (delta-rs key names, such as <c>AWS_ENDPOINT_URL</c>).</summary>
    public IReadOnlyDictionary<string, string>? StorageOptions { get; init; }

    /// <summary>Commit retries, checkpointing and extra commitInfo fields.</summary>
    public DeltaCommitProperties? CommitProperties { get; init; }
}
