using Orasi.Connectors.Predicates;

namespace Orasi.Connectors.Iceberg.Scan;

/// <summary>What an Iceberg scan reads: which snapshot, which columns, which rows.</summary>
public sealed record IcebergScanOptions
{
    /// <summary>Read this snapshot (time travel by id).</summary>
    public long? SnapshotId { get; init; }

    /// <summary>Read the snapshot that was current at this time.</summary>
    public DateTimeOffset? AsOfTimestamp { get; init; }

    /// <summary>Read the snapshot a branch or tag points to.</summary>
    public string? Ref { get; init; }

    /// <summary>Top-level columns to return, in order; null for all.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>Row filter over table column names; used to prune manifests and files and applied to rows.</summary>
    public Predicate? Predicate { get; init; }

    /// <summary>Stop after this many rows.</summary>
    public long? Limit { get; init; }

    /// <summary>Rows per Parquet read batch.</summary>
    public int BatchSize { get; init; } = 65_536;
}
