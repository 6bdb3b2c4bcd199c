using System.Data.SqlTypes;
using Apache.Arrow;
using Orasi.Connectors.DeltaLake.Protocol;

namespace Orasi.Connectors.DeltaLake.Tests.Protocol;

public class PartitionValueTests
{
    public static TheoryData<string, DeltaDataType, object> Cases() => new()
    {
        { "abc", DeltaPrimitiveType.String, "abc" },
        { "-12", DeltaPrimitiveType.Byte, (sbyte)-12 },
        { "300", DeltaPrimitiveType.Short, (short)300 },
        { "-2147483648", DeltaPrimitiveType.Integer, int.MinValue },
        { "9223372036854775807", DeltaPrimitiveType.Long, long.MaxValue },
        { "1.5", DeltaPrimitiveType.Float, 1.5f },
        { "-0.25", DeltaPrimitiveType.Double, -0.25 },
        { "true", DeltaPrimitiveType.Boolean, true },
        { "false", DeltaPrimitiveType.Boolean, false },
        { "2021-09-08", DeltaPrimitiveType.Date, new DateOnly(2021, 9, 8) },
        { "1970-01-01T00:00:00.123456Z", DeltaPrimitiveType.Timestamp, new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1_234_560) },
        { "2021-09-08 11:11:11.000000", DeltaPrimitiveType.TimestampNtz, new DateTime(2021, 9, 8, 11, 11, 11).AddTicks(0) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Values_decode_and_encode_back(string text, DeltaDataType type, object expected)
    {
        var decoded = PartitionValueCodec.Decode(text, type);
        Assert.Equal(expected, decoded);
        var encoded = PartitionValueCodec.Encode(decoded, type);
        Assert.Equal(expected, PartitionValueCodec.Decode(encoded, type));
    }

    [Fact]
    public void Decimals_decode_exactly()
    {
        var type = new DeltaDecimalType(5, 2);
        var decoded = Assert.IsType<decimal>(PartitionValueCodec.Decode("123.45", type));
        Assert.Equal(123.45m, decoded);
        Assert.Equal("123.45", PartitionValueCodec.Encode(decoded, type));
    }

    [Fact]
    public void Both_timestamp_formats_decode_to_the_same_instant()
    {
        var spaced = PartitionValueCodec.Decode("2021-09-08 11:11:11", DeltaPrimitiveType.Timestamp);
        var iso = PartitionValueCodec.Decode("2021-09-08T11:11:11.000000Z", DeltaPrimitiveType.Timestamp);
        Assert.Equal(new DateTimeOffset(2021, 9, 8, 11, 11, 11, TimeSpan.Zero), spaced);
        Assert.Equal(spaced, iso);
        Assert.Equal(new DateTimeOffset(2021, 9, 8, 9, 11, 11, TimeSpan.Zero), PartitionValueCodec.Decode("2021-09-08T11:11:11+02:00", DeltaPrimitiveType.Timestamp));
        Assert.Equal("2021-09-08T11:11:11.000000Z", PartitionValueCodec.Encode(spaced, DeltaPrimitiveType.Timestamp));
        Assert.Equal("2021-09-08 11:11:11", PartitionValueCodec.Encode(new DateTime(2021, 9, 8, 11, 11, 11), DeltaPrimitiveType.TimestampNtz));
    }

    [Fact]
    public void Empty_and_null_are_null_for_every_type()
    {
        foreach (var type in new DeltaDataType[] { DeltaPrimitiveType.String, DeltaPrimitiveType.Integer, DeltaPrimitiveType.Date, new DeltaDecimalType(3, 1) })
        {
            Assert.Null(PartitionValueCodec.Decode(null, type));
            Assert.Null(PartitionValueCodec.Decode("", type));
            Assert.Null(PartitionValueCodec.Encode(null, type));
        }
    }

    [Fact]
    public void Binary_uses_the_strings_bytes_and_big_decimals_survive()
    {
        Assert.Equal(new byte[] { 1, 2, 3 }, PartitionValueCodec.Decode("\u0001\u0002\u0003", DeltaPrimitiveType.Binary));
        Assert.Equal("\u0001\u0002\u0003", PartitionValueCodec.Encode(new byte[] { 1, 2, 3 }, DeltaPrimitiveType.Binary));
        var big = PartitionValueCodec.Decode("12345678901234567890123456789012.345678", new DeltaDecimalType(38, 6));
        Assert.IsType<SqlDecimal>(big);
        Assert.Equal("12345678901234567890123456789012.345678", PartitionValueCodec.Encode(big, new DeltaDecimalType(38, 6)));
    }

    [Theory]
    [InlineData("abc", "integer")]
    [InlineData("2021-13-01", "date")]
    [InlineData("yes", "boolean")]
    [InlineData("300", "byte")]
    public void Invalid_values_are_corrupt_and_name_the_column(string text, string typeName)
    {
        var ex = Assert.Throws<CorruptDataException>(() => PartitionValueCodec.Decode(text, DeltaPrimitiveType.ByName[typeName], "part"));
        Assert.Contains("'part'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constant_arrow_arrays_have_the_arrow_type_and_nulls()
    {
        var dates = (Date32Array)PartitionValueCodec.BuildConstantArray("2021-09-08", DeltaPrimitiveType.Date, 3);
        Assert.Equal(3, dates.Length);
        Assert.Equal(new DateOnly(2021, 9, 8), dates.GetDateOnly(2));
        var ts = (TimestampArray)PartitionValueCodec.BuildConstantArray("2021-09-08 11:11:11", DeltaPrimitiveType.Timestamp, 2);
        Assert.Equal(new DateTimeOffset(2021, 9, 8, 11, 11, 11, TimeSpan.Zero), ts.GetTimestamp(1));
        var nulls = (Int32Array)PartitionValueCodec.BuildConstantArray(null, DeltaPrimitiveType.Integer, 2);
        Assert.Equal(2, nulls.NullCount);
        var dec = (Decimal128Array)PartitionValueCodec.BuildConstantArray("1.25", new DeltaDecimalType(5, 2), 1);
        Assert.Equal(1.25m, dec.GetValue(0));
    }
}
