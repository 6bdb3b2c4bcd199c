namespace Orasi.Connectors.Predicates;

/// <summary><c>column in (v1, v2, …)</c>: true when the value equals one of the (non-null) literals; unknown when the value is null.</summary>
public sealed record In : Predicate
{
    /// <summary>Creates the predicate.</summary>
    /// <param name="column">The column: a top-level name or a dotted struct path.</param>
    /// <param name="values">At least one non-null literal.</param>
    /// <exception cref="ValidationFailedException">The list is empty or holds a null.</exception>
    public In(string column, IEnumerable<object> values)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(values);
        var list = values.ToArray();
        if (list.Length == 0 || list.Any(v => v is null))
        {
            throw new ValidationFailedException($"The 'in' list for column '{column}' must hold at least one value and no null; use 'is null' to test for nulls.");
        }

        Column = column;
        Values = list;
    }

    /// <summary>The column: a top-level name or a dotted struct path.</summary>
    public string Column { get; }

    /// <summary>The literals.</summary>
    public IReadOnlyList<object> Values { get; }

    /// <inheritdoc />
    public bool Equals(In? other) =>
        other is not null && Column == other.Column && Values.SequenceEqual(other.Values, LiteralEqualityComparer.Instance);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Column, Values.Count);

    /// <inheritdoc />
    private protected override void CollectColumns(List<string> columns) => AddColumn(columns, Column);

    /// <inheritdoc />
    public override string ToString() =>
        $"{PredicateText.Column(Column)} in ({string.Join(", ", Values.Select(PredicateText.Literal))})";
}
