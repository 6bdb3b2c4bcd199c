using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.S3Parquet.Partitioning;

namespace Orasi.Connectors.S3Parquet.Tests.Partitioning;

public sealed class PartitioningTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a/b=c", "a%2Fb%3Dc")]
    [InlineData("50% off: yes?", "50%25 off%3A yes%3F")]
    public void Values_are_escaped_and_round_trip(string value, string escaped)
    {
        Assert.Equal(escaped, HivePath.Escape(value));
        Assert.True(HivePath.TryParseSegment("k=" + escaped, out var key, out var back));
        Assert.Equal("k", key);
        Assert.Equal(value, back);
    }

    [Fact]
    public void Null_and_empty_values_use_the_hive_default_partition()
    {
        Assert.Equal("k=__HIVE_DEFAULT_PARTITION__", HivePath.Segment("k", null));
        Assert.Equal("k=__HIVE_DEFAULT_PARTITION__", HivePath.Segment("k", ""));
        Assert.True(HivePath.TryParseSegment("k=__HIVE_DEFAULT_PARTITION__", out _, out var value));
        Assert.Null(value);
        Assert.Equal([new("a", "1"), new("b", "x")], HivePath.ParseValues("a=1/plain/b=x/part.parquet"));
    }

    [Fact]
    public void Time_template_renders_utc_values_and_rejects_bad_segments()
    {
        var template = TimePathTemplate.Parse("year={yyyy}/month={MM}/day={dd}/hour={HH}");
        Assert.Equal(["year", "month", "day", "hour"], template.Keys);
        Assert.Equal(TimeSpan.FromHours(1), template.Granularity);
        Assert.Equal(["2024", "03", "07", "09"], template.Render(new DateTime(2024, 3, 7, 9, 59, 0, DateTimeKind.Utc)));
        Assert.Equal(["2024-03-07"], TimePathTemplate.Parse("dt={yyyy}-{MM}-{dd}").Render(new DateTime(2024, 3, 7, 9, 0, 0, DateTimeKind.Utc)));

        Assert.Contains("key={token}", Assert.Throws<ValidationFailedException>(() => TimePathTemplate.Parse("{yyyy}/x")).Message, StringComparison.Ordinal);
        Assert.Contains("{ss}", Assert.Throws<ValidationFailedException>(() => TimePathTemplate.Parse("s={ss}")).Message, StringComparison.Ordinal);
        Assert.Throws<ValidationFailedException>(() => TimePathTemplate.Parse("day=fixed"));
    }

    [Fact]
    public void Rows_are_assigned_to_column_then_time_partitions_and_partition_columns_leave_the_data()
    {
        var schema = new Schema.Builder()
            .Field(new Field("svc", StringType.Default, true))
            .Field(new Field("ts", new TimestampType(TimeUnit.Microsecond, "UTC"), true))
            .Field(new Field("v", Int32Type.Default, true))
            .Build();
        var t0 = new DateTimeOffset(2024, 1, 31, 23, 30, 0, TimeSpan.Zero);
        var batch = new RecordBatch(schema,
        [
            new StringArray.Builder().Append("a").Append("a").Append("b").AppendNull().Build(),
            new TimestampArray.Builder(new TimestampType(TimeUnit.Microsecond, "UTC")).Append(t0).Append(t0.AddHours(1)).Append(t0).Append(t0).Build(),
            new Int32Array.Builder().Append(1).Append(2).Append(3).Append(4).Build(),
        ], 4);

        var spec = PartitionSpec.Create(schema, ["svc"], "ts", "date={yyyy}-{MM}-{dd}/hour={HH}");
        var (rows, paths) = spec.Assign(batch);

        Assert.Equal(["svc=a/date=2024-01-31/hour=23", "svc=a/date=2024-02-01/hour=00", "svc=b/date=2024-01-31/hour=23", "svc=__HIVE_DEFAULT_PARTITION__/date=2024-01-31/hour=23"], paths);
        Assert.Equal([0, 1, 2, 3], rows);
        Assert.Equal(["ts", "v"], spec.DataSchema.FieldsList.Select(f => f.Name));
        Assert.Equal(2, spec.DataColumns(batch).ColumnCount);
    }

    [Fact]
    public void Unsuitable_partition_columns_are_rejected_with_their_name()
    {
        var schema = new Schema.Builder()
            .Field(new Field("d", DoubleType.Default, true))
            .Field(new Field("s", StringType.Default, true))
            .Build();
        Assert.Contains("'d'", Assert.Throws<ValidationFailedException>(() => PartitionSpec.Create(schema, ["d"], null, "")).Message, StringComparison.Ordinal);
        Assert.Contains("'nope'", Assert.Throws<ValidationFailedException>(() => PartitionSpec.Create(schema, ["nope"], null, "")).Message, StringComparison.Ordinal);
        Assert.Contains("timestamp or date", Assert.Throws<ValidationFailedException>(() => PartitionSpec.Create(schema, [], "s", "h={HH}")).Message, StringComparison.Ordinal);
    }
}
