using Orasi.Connectors.DeltaLake.Transactions;
using Orasi.Connectors.Predicates;

namespace Orasi.Connectors.DeltaLake.Operations.Maintenance;

/// <summary>Options of <see cref="DeltaMaintenance.OptimizeAsync(string, DeltaOptimizeOptions?, IReadOnlyDictionary{string, string}?, CancellationToken)"/>.</summary>
public sealed record DeltaOptimizeOptions
{
    /// <summary>The default target file size when the table sets no <c>delta.targetFileSize</c>: 256 MiB.</summary>
    public const long DefaultTargetFileSize = 256L * 1024 * 1024;

    /// <summary>The size (bytes) compacted files should reach; null uses <c>delta.targetFileSize</c> or 256 MiB.</summary>
    public long? TargetFileSize { get; init; }

    /// <summary>Files smaller than this (bytes) are compaction candidates; null uses the target file size. Files with deletion vectors are always candidates.</summary>
    public long? MinFileSize { get; init; }

    /// <summary>Only optimize the partitions matching this predicate over partition columns; null optimizes every partition.</summary>
    public Predicate? PartitionFilter { get; init; }

    /// <summary>Columns to Z-order by (rows are sorted by their interleaved Z-value before writing); empty or null for plain bin-packing.</summary>
    public IReadOnlyList<string>? ZOrderBy { get; init; }

    /// <summary>How many bins are rewritten at once (at least 1; default the processor count).</summary>
    public int MaxConcurrentTasks { get; init; } = Environment.ProcessorCount;

    /// <summary>Commit options (retries, custom commitInfo fields).</summary>
    public DeltaCommitProperties? CommitProperties { get; init; }
}
