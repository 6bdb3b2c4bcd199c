using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Tests.Spec;

/// <summary>Transforms, with the hash examples of spec appendix B.</summary>
public sealed class TransformTests
{
    public static TheoryData<object, string, int> HashExamples => new()
    {
        { 34, "int", 2017239379 },
        { 34L, "long", 2017239379 },
        { new DateOnly(2017, 11, 16), "date", -653330422 },
        { new TimeOnly(22, 31, 8), "time", -662762989 },
        { new DateTime(2017, 11, 16, 22, 31, 8, DateTimeKind.Utc), "timestamp", -2047944441 },
        { new DateTime(2017, 11, 16, 22, 31, 8, DateTimeKind.Utc).AddTicks(10), "timestamp", -1207196810 },
        { new DateTimeOffset(2017, 11, 16, 14, 31, 8, TimeSpan.FromHours(-8)), "timestamptz", -2047944441 },
        { new DateTimeOffset(2017, 11, 16, 14, 31, 8, TimeSpan.FromHours(-8)).AddTicks(10), "timestamptz", -1207196810 },
        { 1510871468000001001L, "timestamp_ns", -1207196810 },
        { 1510871468000000000L, "timestamptz_ns", -2047944441 },
        { "iceberg", "string", 1210000089 },
        { Guid.Parse("f79c3e09-677c-4bbd-a479-3f349cb785e7"), "uuid", 1488055340 },
        { new byte[] { 0, 1, 2, 3 }, "binary", -188683207 },
        { true, "boolean", 1392991556 },
        { 1.0f, "float", -142385009 },
        { 0.0, "double", 1669671676 },
        { -0.0, "double", 1669671676 },
    };

    [Theory]
    [MemberData(nameof(HashExamples))]
    public void Spec_hash_examples(object value, string type, int expected) =>
        Assert.Equal(expected, Transform.Hash(value, new PrimitiveType(type)));

    [Fact]
    public void Decimal_and_fixed_hash_examples()
    {
        Assert.Equal(-500754589, Transform.Hash(14.20m, new DecimalType(9, 2)));
        Assert.Equal(-188683207, Transform.Hash(new byte[] { 0, 1, 2, 3 }, new FixedType(4)));
    }

    [Fact]
    public void Bucket_is_positive_hash_mod_n()
    {
        var t = Transform.Parse("bucket[16]");
        Assert.Equal(TransformKind.Bucket, t.Kind);
        Assert.Equal(2017239379 % 16, t.Apply(34, PrimitiveType.Int));
        Assert.Equal((-653330422 & int.MaxValue) % 16, t.Apply(new DateOnly(2017, 11, 16), PrimitiveType.Date));
        Assert.Null(t.Apply(null, PrimitiveType.Int));
    }

    [Theory]
    [InlineData(1, 10, 0)]
    [InlineData(-1, 10, -10)]
    [InlineData(10, 10, 10)]
    public void Truncate_int(int value, int width, int expected) =>
        Assert.Equal(expected, Transform.Truncate(width).Apply(value, PrimitiveType.Int));

    [Fact]
    public void Truncate_other_types()
    {
        Assert.Equal("ice", Transform.Parse("truncate[3]").Apply("iceberg", PrimitiveType.String));
        Assert.Equal(10.50m, Transform.Parse("truncate[50]").Apply(10.65m, new DecimalType(9, 2)));
        Assert.Equal(new byte[] { 1, 2 }, (byte[])Transform.Parse("truncate[2]").Apply(new byte[] { 1, 2, 3 }, PrimitiveType.Binary)!);
        Assert.Equal(-10L, Transform.Truncate(10).Apply(-1L, PrimitiveType.Long));
    }

    [Fact]
    public void Temporal_transforms()
    {
        var ts = new DateTime(2017, 11, 16, 22, 31, 8, DateTimeKind.Utc);
        Assert.Equal(47, Transform.Parse("year").Apply(ts, PrimitiveType.Timestamp));
        Assert.Equal((47 * 12) + 10, Transform.Parse("month").Apply(ts, PrimitiveType.Timestamp));
        Assert.Equal(17486, Transform.Parse("day").Apply(ts, PrimitiveType.Timestamp));
        Assert.Equal((17486 * 24) + 22, Transform.Parse("hour").Apply(ts, PrimitiveType.Timestamp));
        Assert.Equal(17486, Transform.Parse("day").Apply(new DateOnly(2017, 11, 16), PrimitiveType.Date));
        // Before the epoch: floor, not truncation.
        Assert.Equal(-1, Transform.Parse("day").Apply(-1L, PrimitiveType.Timestamp));
        Assert.Equal(-1, Transform.Parse("month").Apply(new DateOnly(1969, 12, 31), PrimitiveType.Date));
        Assert.Equal(-1, Transform.Parse("year").Apply(new DateOnly(1969, 12, 31), PrimitiveType.Date));
        Assert.Equal(17486, Transform.Parse("day").Apply(1510871468000001001L, PrimitiveType.TimestampNs));
        Assert.Throws<ValidationFailedException>(() => Transform.Parse("hour").Apply(1, PrimitiveType.Date));
    }

    [Fact]
    public void Identity_void_and_unknown()
    {
        Assert.Equal("x", Transform.Identity.Apply("x", PrimitiveType.String));
        Assert.Null(Transform.Parse("void").Apply(5, PrimitiveType.Int));
        var unknown = Transform.Parse("zorder");
        Assert.Equal(TransformKind.Unknown, unknown.Kind);
        Assert.Throws<UnsupportedFeatureException>(() => unknown.Apply(1, PrimitiveType.Int));
        Assert.Throws<FormatException>(() => Transform.Parse("bucket[0]"));
        Assert.Equal(PrimitiveType.Date, Transform.Parse("day").ResultType(PrimitiveType.Timestamp));
        Assert.Equal(PrimitiveType.Int, Transform.Parse("bucket[4]").ResultType(PrimitiveType.String));
    }
}
