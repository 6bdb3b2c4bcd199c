using Orasi.Connectors.Predicates;

namespace Orasi.Connectors.DeltaLake.Operations.Dml;

/// <summary>MERGE's <c>WHEN MATCHED [AND condition] THEN UPDATE</c>: copies source columns of the same name into the matched target row.</summary>
public sealed record DeltaMergeUpdate
{
    /// <summary>The target columns to set from the source column of the same name; null sets every table column (<c>UPDATE SET *</c>).</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>Only rows where this predicate (over <c>source.x</c> and <c>target.x</c>) is true are updated; null for all.</summary>
    public Predicate? Condition { get; init; }
}
