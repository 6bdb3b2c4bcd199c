using Orasi.Connectors.Predicates;

namespace Orasi.Connectors.DeltaLake.Scan;

/// <summary>What <see cref="DeltaSnapshot.ScanAsync"/> reads: columns, a row filter, a row limit and the batch size.</summary>
public sealed record DeltaScanOptions
{
    /// <summary>Reads every column and row in batches of up to 65,536 rows.</summary>
    public static DeltaScanOptions Default { get; } = new();

    /// <summary>Top-level logical column names to return, in this order; null returns every column of the table schema.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>
    /// Rows to return. Files whose partition values or statistics prove that no row can match are skipped, and the
    /// remaining rows are filtered exactly. Columns are the table's logical (display) names.
    /// </summary>
    public Predicate? Predicate { get; init; }

    /// <summary>The most rows to return in total; reading stops as soon as they are produced. Null for no limit.</summary>
    public long? Limit { get; init; }

    /// <summary>The most rows per batch read from a data file (returned batches may be smaller). Default 65,536.</summary>
    public int BatchSize { get; init; } = 65_536;
}
