namespace Orasi.Connectors.Predicates;

/// <summary>True when either side is true; false when both are false; otherwise unknown.</summary>
/// <param name="Left">The first operand.</param>
/// <param name="Right">The second operand.</param>
public sealed record Or(Predicate Left, Predicate Right) : Predicate
{
    /// <inheritdoc />
    private protected override void CollectColumns(List<string> columns)
    {
        foreach (var column in Left.Columns) AddColumn(columns, column);
        foreach (var column in Right.Columns) AddColumn(columns, column);
    }

    /// <inheritdoc />
    public override string ToString() => $"{PredicateText.Wrap(Left, this)} or {PredicateText.Wrap(Right, this)}";
}
