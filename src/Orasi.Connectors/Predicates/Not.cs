namespace Orasi.Connectors.Predicates;

/// <summary>True when the operand is false, false when it is true, unknown when it is unknown.</summary>
/// <param name="Operand">The negated predicate.</param>
public sealed record Not(Predicate Operand) : Predicate
{
    /// <inheritdoc />
    private protected override void CollectColumns(List<string> columns)
    {
        foreach (var column in Operand.Columns) AddColumn(columns, column);
    }

    /// <inheritdoc />
    public override string ToString() => $"not ({Operand})";
}
