namespace Orasi.Connectors.Predicates;

/// <summary><c>column is not null</c>: true exactly when the value is not null (never unknown).</summary>
/// <param name="Column">The column: a top-level name or a dotted struct path.</param>
public sealed record IsNotNull(string Column) : Predicate
{
    /// <inheritdoc />
    private protected override void CollectColumns(List<string> columns) => AddColumn(columns, Column);

    /// <inheritdoc />
    public override string ToString() => $"{PredicateText.Column(Column)} is not null";
}
