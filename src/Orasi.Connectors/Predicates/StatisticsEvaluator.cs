namespace Orasi.Connectors.Predicates;

/// <summary>
/// Decides from column statistics whether any row can satisfy a predicate. Conservative: answers false only when
/// the statistics prove it, so negations are pushed down (De Morgan, operator flipping) instead of inverting answers.
/// </summary>
internal static class StatisticsEvaluator
{
    /// <summary>False only when no row described by <paramref name="stats"/> can make <paramref name="predicate"/> (negated when asked) true.</summary>
    public static bool CanMatch(Predicate predicate, IStatisticsProvider stats, bool negated)
    {
        switch (predicate)
        {
            case And and:
                return negated
                    ? CanMatch(and.Left, stats, true) || CanMatch(and.Right, stats, true)
                    : CanMatch(and.Left, stats, false) && CanMatch(and.Right, stats, false);
            case Or or:
                return negated
                    ? CanMatch(or.Left, stats, true) && CanMatch(or.Right, stats, true)
                    : CanMatch(or.Left, stats, false) || CanMatch(or.Right, stats, false);
            case Not not:
                return CanMatch(not.Operand, stats, !negated);
            case IsNull isNull:
                return NullTest(stats.GetColumnStatistics(isNull.Column), wantNull: !negated);
            case IsNotNull isNotNull:
                return NullTest(stats.GetColumnStatistics(isNotNull.Column), wantNull: negated);
            case Comparison c:
            {
                var s = stats.GetColumnStatistics(c.Column);
                if (s is null)
                {
                    return true;
                }

                if (negated && (LiteralCoercion.IsFloating(s.DataType) || s.Min is double || s.Max is double))
                {
                    // NOT (x < 5) is true for NaN, which statistics never describe.
                    return true;
                }

                return CompareCanMatch(s, c.Column, negated ? Negate(c.Operator) : c.Operator, c.Literal);
            }

            case In inList:
            {
                var s = stats.GetColumnStatistics(inList.Column);
                if (s is null)
                {
                    return true;
                }

                if (!negated)
                {
                    return inList.Values.Any(v => CompareCanMatch(s, inList.Column, ComparisonOperator.Equal, v));
                }

                if (LiteralCoercion.IsFloating(s.DataType) || s.Min is double || s.Max is double)
                {
                    return true;
                }

                return inList.Values.All(v => CompareCanMatch(s, inList.Column, ComparisonOperator.NotEqual, v));
            }

            default:
                return true;
        }
    }

    private static bool NullTest(ColumnStatistics? s, bool wantNull)
    {
        if (s is null)
        {
            return true;
        }

        if (wantNull)
        {
            return s.NullCount is not 0;
        }

        return !s.AllNull;
    }

    private static bool CompareCanMatch(ColumnStatistics s, string column, ComparisonOperator op, object literal)
    {
        if (s.AllNull)
        {
            return false;
        }

        if (s.Min is null || s.Max is null)
        {
            return true;
        }

        try
        {
            var value = s.DataType is null ? literal : LiteralCoercion.Coerce(literal, s.DataType, column);
            var vsMin = ValueComparer.Compare(s.Min, value, column);
            var vsMax = ValueComparer.Compare(s.Max, value, column);
            if (vsMin is not { } minCmp || vsMax is not { } maxCmp)
            {
                return true;
            }

            return op switch
            {
                ComparisonOperator.Equal => minCmp <= 0 && maxCmp >= 0,
                ComparisonOperator.NotEqual => !(minCmp == 0 && maxCmp == 0) || LiteralCoercion.IsFloating(s.DataType) || s.Min is double,
                ComparisonOperator.LessThan => minCmp < 0,
                ComparisonOperator.LessThanOrEqual => minCmp <= 0,
                ComparisonOperator.GreaterThan => maxCmp > 0,
                _ => maxCmp >= 0,
            };
        }
        catch (ConnectorException)
        {
            // Statistics that cannot be compared with the literal prove nothing; row filtering reports the error.
            return true;
        }
    }

    private static ComparisonOperator Negate(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => ComparisonOperator.NotEqual,
        ComparisonOperator.NotEqual => ComparisonOperator.Equal,
        ComparisonOperator.LessThan => ComparisonOperator.GreaterThanOrEqual,
        ComparisonOperator.LessThanOrEqual => ComparisonOperator.GreaterThan,
        ComparisonOperator.GreaterThan => ComparisonOperator.LessThanOrEqual,
        _ => ComparisonOperator.LessThan,
    };
}
