namespace Orasi.Connectors.Predicates;

/// <summary><c>column op literal</c>. The literal is converted to the column's type when evaluated (e.g. <c>'2024-01-01'</c> against a date or timestamp column).</summary>
/// <param name="Column">The column: a top-level name or a dotted struct path.</param>
/// <param name="Operator">The comparison.</param>
/// <param name="Literal">A non-null value: string, integer, decimal, double, bool, <see cref="DateOnly"/>, <see cref="DateTimeOffset"/> or <c>byte[]</c>.</param>
public sealed record Comparison(string Column, ComparisonOperator Operator, object Literal) : Predicate
{
    /// <inheritdoc />
    private protected override void CollectColumns(List<string> columns) => AddColumn(columns, Column);

    /// <inheritdoc />
    public override string ToString() =>
        $"{PredicateText.Column(Column)} {PredicateText.Operator(Operator)} {PredicateText.Literal(Literal)}";
}
