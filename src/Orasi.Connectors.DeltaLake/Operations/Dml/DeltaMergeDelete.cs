using Orasi.Connectors.Predicates;

namespace Orasi.Connectors.DeltaLake.Operations.Dml;

/// <summary>MERGE's <c>WHEN MATCHED [AND condition] THEN DELETE</c>.</summary>
public sealed record DeltaMergeDelete
{
    /// <summary>Only rows where this predicate (over <c>source.x</c> and <c>target.x</c>) is true are deleted; null for all matched rows.</summary>
    public Predicate? Condition { get; init; }
}
