using Apache.Arrow;

namespace Orasi.Connectors.Predicates;

/// <summary>
/// A row filter shared by every reader: comparisons of a column with a literal, null tests and <c>in</c> lists,
/// combined with <see cref="And"/>, <see cref="Or"/> and <see cref="Not"/>. SQL three-valued logic applies: a
/// comparison with a null value is unknown and an unknown row is not selected. Floating-point NaN follows IEEE
/// (every comparison with NaN is false except <c>!=</c>).
/// </summary>
/// <remarks>Build one from text with <see cref="Parse"/>, e.g. <c>service_name = 'checkout' and duration_ns &gt; 1000</c>.</remarks>
public abstract record Predicate
{
    /// <summary>Parses filter text such as <c>service_name = 'checkout' and duration_ns &gt; 1000</c>; see <see cref="PredicateParser"/>.</summary>
    /// <exception cref="ValidationFailedException">The text is not a valid filter; the message gives the position.</exception>
    public static Predicate Parse(string text) => PredicateParser.Parse(text);

    /// <summary>The column paths the predicate reads, in order of first use.</summary>
    public IReadOnlyList<string> Columns
    {
        get
        {
            var seen = new List<string>();
            CollectColumns(seen);
            return seen;
        }
    }

    /// <summary>
    /// Returns false only when <paramref name="statistics"/> prove that no row can match (for instance
    /// <c>x &gt; 10</c> against a maximum of 5, or <c>x is null</c> against a null count of 0). Missing statistics give true.
    /// </summary>
    public bool CanMatch(IStatisticsProvider statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        return StatisticsEvaluator.CanMatch(this, statistics, negated: false);
    }

    /// <summary>Checks that every column exists in <paramref name="schema"/> and every literal converts to its column's type.</summary>
    /// <exception cref="ValidationFailedException">A column is missing, is not comparable, or a literal does not fit its type.</exception>
    public void Validate(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        RowEvaluator.Validate(this, schema);
    }

    /// <summary>Evaluates the predicate on every row of <paramref name="batch"/> and returns the rows where it is true (the same batch when all match).</summary>
    /// <exception cref="ValidationFailedException">A column is missing or a literal does not fit its column's type.</exception>
    public RecordBatch Filter(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return RowEvaluator.Filter(this, batch);
    }

    /// <summary>Evaluates the predicate on every row: true, false, or null for unknown.</summary>
    /// <exception cref="ValidationFailedException">A column is missing or a literal does not fit its column's type.</exception>
    public bool?[] Evaluate(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return RowEvaluator.Evaluate(this, batch);
    }

    /// <summary>Adds the column paths this predicate reads to <paramref name="columns"/> (without duplicates).</summary>
    private protected abstract void CollectColumns(List<string> columns);

    /// <summary>Adds <paramref name="column"/> to <paramref name="columns"/> unless present.</summary>
    private protected static void AddColumn(List<string> columns, string column)
    {
        if (!columns.Contains(column, StringComparer.Ordinal))
        {
            columns.Add(column);
        }
    }

    /// <summary>The predicate as filter text that <see cref="Parse"/> reads back.</summary>
    public abstract override string ToString();
}
