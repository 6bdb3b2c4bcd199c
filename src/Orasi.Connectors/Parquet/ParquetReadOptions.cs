using Orasi.Connectors.Predicates;

namespace Orasi.Connectors.Parquet;

/// <summary>What <see cref="ParquetBatchReader.ReadAsync"/> returns.</summary>
public sealed record ParquetReadOptions
{
    /// <summary>Reads every column and row in batches of 65,536 rows.</summary>
    public static ParquetReadOptions Default { get; } = new();

    /// <summary>Top-level column names to return, in this order; null returns every column.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>The most rows per returned batch (batches may be smaller). Default 65,536.</summary>
    public int BatchSize { get; init; } = 65_536;

    /// <summary>
    /// Rows to keep. Row groups whose footer statistics prove no row can match are skipped; with
    /// <see cref="ApplyRowFilter"/> the remaining rows are filtered exactly too.
    /// </summary>
    public Predicate? Filter { get; init; }

    /// <summary>
    /// Whether to evaluate <see cref="Filter"/> on every row (exact results). When false only whole row groups are
    /// skipped, so non-matching rows of surviving row groups are returned too. Default true.
    /// </summary>
    public bool ApplyRowFilter { get; init; } = true;
}
