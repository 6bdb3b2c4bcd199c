using Orasi.Connectors.Predicates;

namespace Orasi.Connectors.DeltaLake.Operations.Dml;

/// <summary>MERGE's <c>WHEN NOT MATCHED [AND condition] THEN INSERT *</c>: inserts the source row (columns by name; missing nullable columns as null).</summary>
public sealed record DeltaMergeInsert
{
    /// <summary>Only source rows where this predicate (over <c>source.x</c>) is true are inserted; null for all.</summary>
    public Predicate? Condition { get; init; }
}
