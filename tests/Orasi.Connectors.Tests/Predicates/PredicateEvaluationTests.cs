using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.Predicates;

namespace Orasi.Connectors.Tests.Predicates;

public sealed class PredicateEvaluationTests
{
    private static ColumnStatisticsSet Stats(params ColumnStatistics[] columns) => new(columns);

    private static ColumnStatistics Long(string path, long min, long max, long nulls = 0, long count = 100) =>
        new(path) { DataType = Int64Type.Default, Min = min, Max = max, NullCount = nulls, ValueCount = count };

    [Theory]
    [InlineData("x > 10", false)]
    [InlineData("x >= 10", true)]
    [InlineData("x > 9.5", true)]
    [InlineData("x < 1", false)]
    [InlineData("x <= 1", true)]
    [InlineData("x = 0", false)]
    [InlineData("x = 5", true)]
    [InlineData("x != 5", true)]
    [InlineData("x in (0, 11)", false)]
    [InlineData("x in (0, 3)", true)]
    [InlineData("not (x >= 1)", false)]
    [InlineData("not (x in (1, 2))", true)]
    [InlineData("x is null", false)]
    [InlineData("x is not null", true)]
    [InlineData("x > 10 or x < 1", false)]
    [InlineData("x > 10 or y = 'q'", true)]
    [InlineData("x > 10 and y = 'q'", false)]
    [InlineData("not (x > 10 or x < 1)", true)]
    [InlineData("not (x <= 10 and x >= 1)", false)]
    [InlineData("unknown_column > 5", true)]
    public void CanMatch_is_false_only_when_statistics_prove_it(string filter, bool expected)
    {
        var stats = Stats(Long("x", 1, 10));
        Assert.Equal(expected, Predicate.Parse(filter).CanMatch(stats));
    }

    [Fact]
    public void CanMatch_uses_null_counts_and_is_conservative_without_statistics()
    {
        var allNull = Stats(new ColumnStatistics("x") { DataType = Int64Type.Default, NullCount = 10, ValueCount = 10 });
        Assert.False(Predicate.Parse("x = 1").CanMatch(allNull));
        Assert.False(Predicate.Parse("x is not null").CanMatch(allNull));
        Assert.True(Predicate.Parse("x is null").CanMatch(allNull));
        Assert.False(Predicate.Parse("not (x = 1)").CanMatch(allNull));

        var unknown = Stats(new ColumnStatistics("x"));
        Assert.True(Predicate.Parse("x = 1").CanMatch(unknown));
        Assert.True(Predicate.Parse("x is null").CanMatch(unknown));
        Assert.True(Predicate.Parse("x is not null").CanMatch(unknown));

        var constant = Stats(Long("x", 5, 5));
        Assert.False(Predicate.Parse("x != 5").CanMatch(constant));
        Assert.False(Predicate.Parse("not (x = 5)").CanMatch(constant));
    }

    [Fact]
    public void CanMatch_keeps_floating_negations_because_statistics_never_describe_NaN()
    {
        var stats = Stats(new ColumnStatistics("f") { DataType = DoubleType.Default, Min = 1.0, Max = 2.0, NullCount = 0, ValueCount = 10 });
        Assert.False(Predicate.Parse("f > 2").CanMatch(stats));
        Assert.True(Predicate.Parse("not (f <= 2)").CanMatch(stats));
        var constant = Stats(new ColumnStatistics("f") { DataType = DoubleType.Default, Min = 1.0, Max = 1.0, NullCount = 0, ValueCount = 10 });
        Assert.True(Predicate.Parse("f != 1").CanMatch(constant));
    }

    [Fact]
    public void CanMatch_coerces_literals_to_dates_timestamps_and_strings_in_utf8_order()
    {
        var day = new ColumnStatistics("d") { DataType = Date32Type.Default, Min = new DateOnly(2024, 1, 1), Max = new DateOnly(2024, 1, 31), NullCount = 0, ValueCount = 5 };
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000;
        var ts = new ColumnStatistics("ts") { DataType = new TimestampType(TimeUnit.Microsecond, "UTC"), Min = start, Max = start + 3_600_000_000L, NullCount = 0, ValueCount = 5 };
        var s = new ColumnStatistics("s") { DataType = StringType.Default, Min = "apple", Max = "\uFF21", NullCount = 0, ValueCount = 5 };
        var stats = Stats(day, ts, s);
        Assert.False(Predicate.Parse("d > '2024-01-31'").CanMatch(stats));
        Assert.True(Predicate.Parse("d >= '2024-01-31'").CanMatch(stats));
        Assert.False(Predicate.Parse("ts >= '2024-01-01T01:00:00.000001Z'").CanMatch(stats));
        Assert.True(Predicate.Parse("ts >= '2024-01-01T01:00:00Z'").CanMatch(stats));
        Assert.False(Predicate.Parse("ts < '2023-12-31T23:59:59+00:00'").CanMatch(stats));
        // U+1F600 sorts after U+FF21 in UTF-8 (and code points) although its UTF-16 surrogate sorts before.
        Assert.False(Predicate.Parse("s >= '😀'").CanMatch(stats));
        Assert.True(Predicate.Parse("s < 'b'").CanMatch(stats));
    }

    private static RecordBatch SampleBatch()
    {
        var ids = new Int64Array.Builder().AppendRange([1, 2, 3, 4, 5, 6]).Build();
        var names = new StringArray.Builder().Append("a").AppendNull().Append("c").Append("a").Append("b").Append("c").Build();
        var scores = new DoubleArray.Builder().Append(1.5).Append(double.NaN).AppendNull().Append(4).Append(5).Append(-1).Build();
        var a = new Int32Array.Builder().Append(10).Append(20).AppendNull().Append(40).Append(50).Append(60).Build();
        var validity = new ArrowBuffer.BitmapBuilder().AppendRange([true, true, true, false, true, true]).Build();
        var structType = new StructType([new Field("a", Int32Type.Default, true)]);
        var st = new StructArray(structType, 6, [a], validity, 1);
        var list = new ListArray.Builder(Int32Type.Default);
        for (var i = 0; i < 6; i++) { list.Append(); ((Int32Array.Builder)list.ValueBuilder).Append(i); }
        var schema = new Schema(
        [
            new Field("id", Int64Type.Default, false), new Field("name", StringType.Default, true),
            new Field("score", DoubleType.Default, true), new Field("st", structType, true), new Field("l", list.Build().Data.DataType, true),
        ], null);
        return new RecordBatch(schema, [ids, names, scores, st, list.Build()], 6);
    }

    private static long[] Ids(RecordBatch batch) =>
        Enumerable.Range(0, batch.Length).Select(i => ((Int64Array)batch.Column("id")).GetValue(i)!.Value).ToArray();

    [Theory]
    [InlineData("id > 3", new long[] { 4, 5, 6 })]
    [InlineData("name = 'a'", new long[] { 1, 4 })]
    [InlineData("name != 'a'", new long[] { 3, 5, 6 })]
    [InlineData("not (name = 'a')", new long[] { 3, 5, 6 })]
    [InlineData("name is null", new long[] { 2 })]
    [InlineData("name is null or id = 6", new long[] { 2, 6 })]
    [InlineData("not (name = 'a' and id > 100)", new long[] { 1, 2, 3, 4, 5, 6 })]
    [InlineData("not (name = 'a' and id < 100)", new long[] { 3, 5, 6 })]
    [InlineData("score > 1", new long[] { 1, 4, 5 })]
    [InlineData("score != 4", new long[] { 1, 2, 5, 6 })]
    [InlineData("not (score < 4)", new long[] { 2, 4, 5 })]
    [InlineData("score >= 1.5", new long[] { 1, 4, 5 })]
    [InlineData("st.a >= 20", new long[] { 2, 5, 6 })]
    [InlineData("st.a is null", new long[] { 3, 4 })]
    [InlineData("st is null", new long[] { 4 })]
    [InlineData("name in ('b', 'c') and id < 6", new long[] { 3, 5 })]
    [InlineData("id > 100", new long[] { })]
    [InlineData("l is not null and id >= 1", new long[] { 1, 2, 3, 4, 5, 6 })]
    public void Filter_applies_three_valued_logic_per_row(string filter, long[] expected)
    {
        var batch = SampleBatch();
        var filtered = Predicate.Parse(filter).Filter(batch);
        Assert.Equal(expected, Ids(filtered));
        // The other columns travel with the rows.
        for (var i = 0; i < filtered.Length; i++)
        {
            var source = (int)Ids(filtered)[i] - 1;
            Assert.Equal(((StringArray)batch.Column("name")).GetString(source), ((StringArray)filtered.Column("name")).GetString(i));
            Assert.Equal(((StructArray)batch.Column("st")).IsNull(source), ((StructArray)filtered.Column("st")).IsNull(i));
            Assert.Equal(source, ((Int32Array)((ListArray)filtered.Column("l")).GetSlicedValues(i)).GetValue(0));
        }
    }

    [Fact]
    public void Evaluate_reports_unknown_for_nulls()
    {
        var result = Predicate.Parse("name = 'a'").Evaluate(SampleBatch());
        Assert.Equal(new bool?[] { true, null, false, true, false, false }, result);
    }

    [Fact]
    public void Bad_columns_and_literals_are_validation_errors_naming_the_column()
    {
        var batch = SampleBatch();
        var missing = Assert.Throws<ValidationFailedException>(() => Predicate.Parse("nope = 1").Filter(batch));
        Assert.Contains("'nope'", missing.Message, StringComparison.Ordinal);
        var badLiteral = Assert.Throws<ValidationFailedException>(() => Predicate.Parse("id = 'x'").Validate(batch.Schema));
        Assert.Contains("'id'", badLiteral.Message, StringComparison.Ordinal);
        var stringVsNumber = Assert.Throws<ValidationFailedException>(() => Predicate.Parse("name = 5").Validate(batch.Schema));
        Assert.Contains("'name'", stringVsNumber.Message, StringComparison.Ordinal);
        var list = Assert.Throws<ValidationFailedException>(() => Predicate.Parse("l = 1").Validate(batch.Schema));
        Assert.Contains("'l'", list.Message, StringComparison.Ordinal);
        Assert.Throws<ValidationFailedException>(() => new In("x", []));
    }
}
