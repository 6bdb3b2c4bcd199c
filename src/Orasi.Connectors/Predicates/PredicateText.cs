using System.Globalization;

namespace Orasi.Connectors.Predicates;

/// <summary>Writes predicates back as filter text that <see cref="PredicateParser"/> reads.</summary>
internal static class PredicateText
{
    /// <summary>A column name, double-quoted when it is not a plain dotted identifier.</summary>
    public static string Column(string column)
    {
        var plain = column.Length > 0 && column.Split('.').All(part =>
            part.Length > 0 && (char.IsLetter(part[0]) || part[0] == '_') && part.All(c => char.IsLetterOrDigit(c) || c == '_'))
            && !PredicateParser.IsKeyword(column);
        return plain ? column : "\"" + column.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>The operator's symbol.</summary>
    public static string Operator(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.NotEqual => "!=",
        ComparisonOperator.LessThan => "<",
        ComparisonOperator.LessThanOrEqual => "<=",
        ComparisonOperator.GreaterThan => ">",
        ComparisonOperator.GreaterThanOrEqual => ">=",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    /// <summary>A literal as text.</summary>
    public static string Literal(object value) => value switch
    {
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        bool b => b ? "true" : "false",
        DateOnly d => "'" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'",
        DateTimeOffset t => "'" + t.ToString("O", CultureInfo.InvariantCulture) + "'",
        DateTime t => "'" + t.ToString("O", CultureInfo.InvariantCulture) + "'",
        byte[] bytes => "'" + System.Text.Encoding.UTF8.GetString(bytes).Replace("'", "''", StringComparison.Ordinal) + "'",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => "'" + value + "'",
    };

    /// <summary>The operand text, parenthesised when it binds looser than its parent.</summary>
    public static string Wrap(Predicate operand, Predicate parent) =>
        operand is Or && parent is And ? "(" + operand + ")" : operand.ToString();
}
