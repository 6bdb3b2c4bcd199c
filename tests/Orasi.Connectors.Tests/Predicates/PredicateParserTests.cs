using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Orasi.Connectors.Predicates;

namespace Orasi.Connectors.Tests.Predicates;

public sealed class PredicateParserTests
{
    [Fact]
    public void Parses_the_cli_form_with_and()
    {
        var p = PredicateParser.Parse("service_name = 'checkout' and duration_ns > 1000");
        Assert.Equal(
            new And(new Comparison("service_name", ComparisonOperator.Equal, "checkout"), new Comparison("duration_ns", ComparisonOperator.GreaterThan, 1000L)),
            p);
    }

    [Theory]
    [InlineData("a = 1", ComparisonOperator.Equal)]
    [InlineData("a == 1", ComparisonOperator.Equal)]
    [InlineData("a != 1", ComparisonOperator.NotEqual)]
    [InlineData("a <> 1", ComparisonOperator.NotEqual)]
    [InlineData("a < 1", ComparisonOperator.LessThan)]
    [InlineData("a <= 1", ComparisonOperator.LessThanOrEqual)]
    [InlineData("a > 1", ComparisonOperator.GreaterThan)]
    [InlineData("a>=1", ComparisonOperator.GreaterThanOrEqual)]
    public void Parses_every_operator(string text, ComparisonOperator op) =>
        Assert.Equal(new Comparison("a", op, 1L), Predicate.Parse(text));

    [Fact]
    public void Parses_literals()
    {
        Assert.Equal("it's", ((Comparison)Predicate.Parse("a = 'it''s'")).Literal);
        Assert.Equal(string.Empty, ((Comparison)Predicate.Parse("a = ''")).Literal);
        Assert.Equal(-42L, ((Comparison)Predicate.Parse("a = -42")).Literal);
        Assert.Equal(1.25m, ((Comparison)Predicate.Parse("a = 1.25")).Literal);
        Assert.Equal(ulong.MaxValue, ((Comparison)Predicate.Parse("a = 18446744073709551615")).Literal);
        Assert.Equal(1e300, ((Comparison)Predicate.Parse("a < 1e300")).Literal);
        Assert.Equal(true, ((Comparison)Predicate.Parse("a = TRUE")).Literal);
        Assert.Equal(false, ((Comparison)Predicate.Parse("a = false")).Literal);
        Assert.Equal(new IsNull("a"), Predicate.Parse("a is null"));
        Assert.Equal(new IsNotNull("a.b"), Predicate.Parse("a.b IS NOT NULL"));
        Assert.Equal(new In("a", ["x", 2L]), Predicate.Parse("a in ('x', 2)"));
        Assert.Equal(new Not(new In("a", [1L])), Predicate.Parse("a not in (1)"));
        Assert.Equal(new Comparison("weird name", ComparisonOperator.Equal, 1L), Predicate.Parse("\"weird name\" = 1"));
    }

    [Fact]
    public void And_binds_tighter_than_or_and_parentheses_override()
    {
        var a = new Comparison("a", ComparisonOperator.Equal, 1L);
        var b = new Comparison("b", ComparisonOperator.Equal, 2L);
        var c = new Comparison("c", ComparisonOperator.Equal, 3L);
        Assert.Equal(new Or(a, new And(b, c)), Predicate.Parse("a = 1 or b = 2 and c = 3"));
        Assert.Equal(new And(new Or(a, b), c), Predicate.Parse("(a = 1 or b = 2) and c = 3"));
        Assert.Equal(new And(new Not(a), b), Predicate.Parse("not a = 1 and b = 2"));
    }

    [Theory]
    [InlineData("a = ", 5, "a literal")]
    [InlineData("= 1", 1, "a column name")]
    [InlineData("a 1", 3, "comparison operator")]
    [InlineData("a = 1 b = 2", 7, "'and', 'or'")]
    [InlineData("a = 'open", 5, "not closed")]
    [InlineData("a = null", 5, "is null")]
    [InlineData("a is 1", 6, "'null'")]
    [InlineData("(a = 1", 7, "')'")]
    [InlineData("a = 1 and", 10, "a column name")]
    [InlineData("a = 1 ; drop", 7, "unexpected character")]
    [InlineData("a in ()", 7, "a literal")]
    [InlineData("and = 1", 1, "a column name")]
    public void Syntax_errors_name_the_position(string text, int position, string expected)
    {
        var error = Assert.Throws<ValidationFailedException>(() => Predicate.Parse(text));
        Assert.Contains($"position {position}", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static Predicate RandomPredicate(Random r, int depth)
    {
        string Column() => new[] { "a", "b.c", "service_name", "weird col", "and" }[r.Next(5)];
        object Literal() => r.Next(6) switch
        {
            0 => (object)r.NextInt64(long.MinValue, long.MaxValue),
            1 => new string(Enumerable.Range(0, r.Next(0, 6)).Select(_ => "ab'\"é😀 "[r.Next(7)]).ToArray()),
            2 => Math.Round((decimal)r.NextDouble() * 1000 - 500, r.Next(0, 5)),
            3 => r.Next(2) == 0,
            4 => (ulong)long.MaxValue + (ulong)r.Next(1, 1000),
            _ => (long)r.Next(-5, 5),
        };
        if (depth <= 0 || r.Next(3) == 0)
        {
            return r.Next(4) switch
            {
                0 => new IsNull(Column()),
                1 => new IsNotNull(Column()),
                2 => new In(Column(), Enumerable.Range(0, r.Next(1, 4)).Select(_ => Literal()).ToArray()),
                _ => new Comparison(Column(), (ComparisonOperator)r.Next(6), Literal()),
            };
        }

        return r.Next(3) switch
        {
            0 => new And(RandomPredicate(r, depth - 1), RandomPredicate(r, depth - 1)),
            1 => new Or(RandomPredicate(r, depth - 1), RandomPredicate(r, depth - 1)),
            _ => new Not(RandomPredicate(r, depth - 1)),
        };
    }

    [Property(MaxTest = 300)]
    public bool ToString_parses_back_to_an_equal_predicate(int seed)
    {
        var predicate = RandomPredicate(new Random(seed), 4);
        var text = predicate.ToString();
        var reparsed = Predicate.Parse(text);
        // And/Or chains may re-associate when printed, so the printed forms are compared.
        return reparsed.ToString() == text && reparsed.Columns.SequenceEqual(predicate.Columns);
    }
}
