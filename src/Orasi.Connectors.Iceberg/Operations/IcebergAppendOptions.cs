using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Operations;

/// <summary>
/// Extras for an append: properties stored in the new snapshot's summary, and a check run against the table state the
/// snapshot is about to be committed on top of — before the first attempt and again before every retry after a
/// concurrent commit won. Together they let a writer record its progress (e.g. consumed Kafka offsets) atomically with
/// the data and refuse to commit when another writer already committed the same progress.
/// </summary>
/// <example><code>
/// await catalog.AppendAsync(id, batches, new IcebergAppendOptions
/// {
///     Validate = metadata => AlreadyCommitted(metadata) ? throw new CommitConflictException("…") : new Dictionary&lt;string, string&gt; { ["my.offsets"] = "{\"0\":42}" },
/// });
/// </code></example>
public sealed record IcebergAppendOptions
{
    /// <summary>Properties added to the snapshot summary (the standard keys such as <c>operation</c> and <c>added-records</c> cannot be overridden).</summary>
    public IReadOnlyDictionary<string, string>? SummaryProperties { get; init; }

    /// <summary>
    /// Called with the metadata the snapshot will be committed on top of, before every commit attempt (the first and each
    /// retry after a concurrent commit). Return extra summary properties for this attempt (they override
    /// <see cref="SummaryProperties"/>), or null for none. Throw (e.g. <see cref="CommitConflictException"/>) to abort:
    /// nothing is committed, the written data files and manifests are deleted and the exception propagates unchanged.
    /// </summary>
    public Func<TableMetadata, IReadOnlyDictionary<string, string>?>? Validate { get; init; }
}
