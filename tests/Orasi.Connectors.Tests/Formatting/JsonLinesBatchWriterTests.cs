using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.Formatting;
using static Orasi.Connectors.Tests.Formatting.ArrowTestArrays;

namespace Orasi.Connectors.Tests.Formatting;

public class JsonLinesBatchWriterTests
{
    private static string[] Lines(RecordBatch batch)
    {
        string text = JsonLinesBatchWriter.ToJsonLines(batch);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        return text[..^1].Split('\n');
    }

    private static string[] Column(IArrowArray array) => Lines(Batch(("v", array)));

    [Fact]
    public void Booleans_integers_and_nulls()
    {
        var batch = Batch(
            ("b", new BooleanArray.Builder().Append(true).Append(false).AppendNull().Build()),
            ("i8", Primitive<sbyte>(Int8Type.Default, -128, 127, null)),
            ("i64", Primitive<long>(Int64Type.Default, long.MinValue, long.MaxValue, null)),
            ("u64", Primitive<ulong>(UInt64Type.Default, ulong.MaxValue, 0, null)),
            ("n", new NullArray(3)));

        Assert.Equal(
            [
                """{"b":true,"i8":-128,"i64":-9223372036854775808,"u64":18446744073709551615,"n":null}""",
                """{"b":false,"i8":127,"i64":9223372036854775807,"u64":0,"n":null}""",
                """{"b":null,"i8":null,"i64":null,"u64":null,"n":null}""",
            ],
            Lines(batch));
    }

    [Fact]
    public void Floats_use_shortest_form_and_strings_for_nan_and_infinities()
    {
        Assert.Equal(
            ["""{"v":0.1}""", """{"v":-1.5}""", """{"v":"NaN"}""", """{"v":"Infinity"}""", """{"v":"-Infinity"}""", """{"v":1E+20}""", """{"v":null}"""],
            Column(Primitive<double>(DoubleType.Default, 0.1, -1.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e20, null)));
        Assert.Equal(
            ["""{"v":0.1}""", """{"v":"NaN"}""", """{"v":"-Infinity"}"""],
            Column(Primitive<float>(FloatType.Default, 0.1f, float.NaN, float.NegativeInfinity)));
        Assert.Equal(
            ["""{"v":1.5}""", """{"v":"Infinity"}"""],
            Column(Primitive<Half>(HalfFloatType.Default, (Half)1.5f, Half.PositiveInfinity)));
    }

    [Fact]
    public void Decimals_are_strings_with_exactly_scale_fraction_digits()
    {
        var d128 = new Decimal128Array.Builder(new Decimal128Type(10, 3))
            .Append(1.5m).Append(-1.5m).Append(0m).Append(0.005m).Append(-0.005m).Append(1234567.891m).AppendNull().Build();
        Assert.Equal(
            ["""{"v":"1.500"}""", """{"v":"-1.500"}""", """{"v":"0.000"}""", """{"v":"0.005"}""", """{"v":"-0.005"}""", """{"v":"1234567.891"}""", """{"v":null}"""],
            Column(d128));

        var d256 = new Decimal256Array.Builder(new Decimal256Type(40, 2)).Append(-12.3m).Append(7m).Build();
        Assert.Equal(["""{"v":"-12.30"}""", """{"v":"7.00"}"""], Column(d256));

        var scale0 = new Decimal128Array.Builder(new Decimal128Type(5, 0)).Append(42m).Append(-7m).Build();
        Assert.Equal(["""{"v":"42"}""", """{"v":"-7"}"""], Column(scale0));
    }

    [Theory]
    [InlineData(new byte[] { 0xDC, 0x05, 0, 0 }, 3, "1.500")]                 // decimal32 1500
    [InlineData(new byte[] { 0x24, 0xFA, 0xFF, 0xFF }, 3, "-1.500")]          // decimal32 -1500
    [InlineData(new byte[] { 0x05, 0, 0, 0, 0, 0, 0, 0 }, 4, "0.0005")]        // decimal64 5
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, 2, "-0.01")]
    [InlineData(new byte[] { 0x0C, 0, 0, 0 }, -2, "1200")]                     // negative scale
    [InlineData(new byte[] { 0, 0, 0, 0 }, -2, "0")]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80 }, 0, "-170141183460469231731687303715884105728")]
    public void Decimal_text_from_raw_two_complement_bytes(byte[] bytes, int scale, string expected)
    {
        Span<byte> buffer = stackalloc byte[200];
        int n = ArrowTextFormat.FormatDecimal(bytes, scale, buffer);
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer[..n]));
    }

    [Fact]
    public void Decimal256_full_width_values()
    {
        var max = System.Numerics.BigInteger.Pow(10, 76) - 1;
        byte[] bytes = new byte[32];
        (-max).TryWriteBytes(bytes, out _, isUnsigned: false, isBigEndian: false);
        for (int i = (-max).GetByteCount(); i < 32; i++)
        {
            bytes[i] = 0xFF;
        }

        Span<byte> buffer = stackalloc byte[200];
        int n = ArrowTextFormat.FormatDecimal(bytes, 10, buffer);
        string digits = new('9', 76);
        Assert.Equal("-" + digits[..66] + "." + digits[66..], Encoding.ASCII.GetString(buffer[..n]));
    }

    [Fact]
    public void Strings_are_escaped_json_and_binary_is_base64()
    {
        var batch = Batch(
            ("s", Strings("plain", "quote\" back\\ nl\n tab\t", "çé 日本 🙂", "", null)),
            ("b", new BinaryArray.Builder().Append([0, 1, 2, 255]).Append([]).Append([(byte)'a']).Append([9]).AppendNull().Build()));

        Assert.Equal(
            [
                """{"s":"plain","b":"AAEC/w=="}""",
                """{"s":"quote\" back\\ nl\n tab\t","b":""}""",
                """{"s":"çé 日本 \uD83D\uDE42","b":"YQ=="}""",   // System.Text.Json escapes non-BMP characters
                """{"s":"","b":"CQ=="}""",
                """{"s":null,"b":null}""",
            ],
            Lines(batch));
    }

    [Fact]
    public void Large_and_view_strings_and_binaries_and_fixed_size_binary()
    {
        var largeString = new LargeStringArray.Builder().Append("big").AppendNull().Build();
        var stringView = new StringViewArray.Builder().Append("a string longer than twelve bytes").Append("short").Build();
        var largeBinary = new LargeBinaryArray.Builder().Append(new byte[] { 1, 2 }.AsSpan()).AppendNull().Build();
        var fixedType = new FixedSizeBinaryType(2);
        var fixedData = new ArrayData(fixedType, 2, 0, 0, [ArrowBuffer.Empty, new ArrowBuffer(new byte[] { 0xAB, 0xCD, 0, 1 })]);
        var fixedBinary = ArrowArrayFactory.BuildArray(fixedData);

        Assert.Equal(["""{"v":"big"}""", """{"v":null}"""], Column(largeString));
        Assert.Equal(["""{"v":"a string longer than twelve bytes"}""", """{"v":"short"}"""], Column(stringView));
        Assert.Equal(["""{"v":"AQI="}""", """{"v":null}"""], Column(largeBinary));
        Assert.Equal(["""{"v":"q80="}""", """{"v":"AAE="}"""], Column(fixedBinary));
    }

    [Fact]
    public void Dates_are_iso_days()
    {
        Assert.Equal(
            ["""{"v":"1970-01-01"}""", """{"v":"2022-01-08"}""", """{"v":"1969-12-31"}""", """{"v":"0001-01-01"}""", """{"v":"9999-12-31"}""", """{"v":null}"""],
            Column(Primitive<int>(Date32Type.Default, 0, 19000, -1, -719162, 2932896, null)));
        Assert.Equal(
            ["""{"v":"2022-01-08"}""", """{"v":"1969-12-31"}"""],
            Column(Primitive<long>(Date64Type.Default, 19000L * 86_400_000, -1)));
    }

    [Theory]
    [InlineData(TimeUnit.Second, 1_709_296_496L, "2024-03-01T12:34:56.000000")]
    [InlineData(TimeUnit.Millisecond, 1_709_296_496_789L, "2024-03-01T12:34:56.789000")]
    [InlineData(TimeUnit.Microsecond, 1_709_296_496_789_012L, "2024-03-01T12:34:56.789012")]
    [InlineData(TimeUnit.Nanosecond, 1_709_296_496_789_012_345L, "2024-03-01T12:34:56.789012")]
    [InlineData(TimeUnit.Nanosecond, -1L, "1969-12-31T23:59:59.999999")]
    [InlineData(TimeUnit.Microsecond, 0L, "1970-01-01T00:00:00.000000")]
    [InlineData(TimeUnit.Millisecond, -62_135_596_800_000L, "0001-01-01T00:00:00.000000")]
    public void Timestamps_have_six_fraction_digits_and_z_only_with_a_time_zone(TimeUnit unit, long value, string expected)
    {
        Assert.Equal([$$"""{"v":"{{expected}}Z"}"""], Column(Primitive<long>(new TimestampType(unit, "UTC"), value)));
        Assert.Equal([$$"""{"v":"{{expected}}Z"}"""], Column(Primitive<long>(new TimestampType(unit, "+02:00"), value)));
        Assert.Equal([$$"""{"v":"{{expected}}"}"""], Column(Primitive<long>(new TimestampType(unit, (string?)null), value)));
    }

    [Fact]
    public void Timestamp_matches_the_clock_computed_by_the_framework()
    {
        long micros = Micros("2031-07-15T23:59:59.000001+00:00");
        Assert.Equal(["""{"v":"2031-07-15T23:59:59.000001Z"}"""], Column(Primitive<long>(new TimestampType(TimeUnit.Microsecond, "UTC"), micros)));
    }

    [Fact]
    public void Times_of_day_for_every_unit()
    {
        Assert.Equal(["""{"v":"01:02:03.000000"}"""], Column(Primitive<int>(new Time32Type(TimeUnit.Second), 3723)));
        Assert.Equal(["""{"v":"01:02:03.456000"}"""], Column(Primitive<int>(new Time32Type(TimeUnit.Millisecond), 3_723_456)));
        Assert.Equal(["""{"v":"23:59:59.999999"}"""], Column(Primitive<long>(new Time64Type(TimeUnit.Microsecond), 86_399_999_999L)));
        Assert.Equal(["""{"v":"00:00:00.000001"}""", """{"v":null}"""], Column(Primitive<long>(new Time64Type(TimeUnit.Nanosecond), 1_999L, null)));
    }

    [Fact]
    public void Durations_are_integer_counts()
    {
        Assert.Equal(["""{"v":1500}""", """{"v":-3}"""], Column(Primitive<long>(DurationType.Millisecond, 1500, -3)));
    }

    [Fact]
    public void Structs_are_objects_with_null_structs_and_null_fields()
    {
        var type = new StructType([new Field("a", Int32Type.Default, true), new Field("b", StringType.Default, true)]);
        var array = new StructArray(type, 3,
            [Primitive<int>(Int32Type.Default, 1, null, 3), Strings("x", "y", null)],
            Validity(true, true, false), nullCount: 1);

        Assert.Equal(["""{"v":{"a":1,"b":"x"}}""", """{"v":{"a":null,"b":"y"}}""", """{"v":null}"""], Column(array));
    }

    [Fact]
    public void Lists_are_arrays_including_empty_null_and_nested_structs()
    {
        var list = new ListArray.Builder(Int32Type.Default);
        var items = (Int32Array.Builder)list.ValueBuilder;
        list.Append();
        items.Append(1).AppendNull().Append(3);
        list.Append();
        list.AppendNull();
        Assert.Equal(["""{"v":[1,null,3]}""", """{"v":[]}""", """{"v":null}"""], Column(list.Build()));

        var eventType = new StructType([new Field("name", StringType.Default, true), new Field("ts", new TimestampType(TimeUnit.Nanosecond, "UTC"), true)]);
        var events = new StructArray(eventType, 3,
            [Strings("start", "end", "retry"), Primitive<long>(new TimestampType(TimeUnit.Nanosecond, "UTC"), 0L, 1_000L, null)],
            ArrowBuffer.Empty, nullCount: 0);
        var offsets = new ArrowBuffer.Builder<int>().Append(0).Append(2).Append(3).Build();
        var listType = new ListType(new Field("item", eventType, true));
        var nested = new ListArray(listType, 2, offsets, events, ArrowBuffer.Empty, 0, 0);
        Assert.Equal(
            [
                """{"v":[{"name":"start","ts":"1970-01-01T00:00:00.000000Z"},{"name":"end","ts":"1970-01-01T00:00:00.000001Z"}]}""",
                """{"v":[{"name":"retry","ts":null}]}""",
            ],
            Column(nested));
    }

    [Fact]
    public void Large_and_fixed_size_lists()
    {
        var values = Primitive<int>(Int32Type.Default, 1, 2, 3, 4);
        var fixedList = new FixedSizeListArray(new FixedSizeListType(new Field("item", Int32Type.Default, true), 2), 2, values, ArrowBuffer.Empty, 0, 0);
        Assert.Equal(["""{"v":[1,2]}""", """{"v":[3,4]}"""], Column(fixedList));

        var largeOffsets = new ArrowBuffer.Builder<long>().Append(0).Append(3).Append(4).Build();
        var largeList = new LargeListArray(new LargeListType(new Field("item", Int32Type.Default, true)), 2, largeOffsets, values, ArrowBuffer.Empty, 0, 0);
        Assert.Equal(["""{"v":[1,2,3]}""", """{"v":[4]}"""], Column(largeList));
    }

    [Fact]
    public void Maps_with_string_keys_are_objects_and_other_keys_key_value_arrays()
    {
        var stringKeyed = new MapArray.Builder(new MapType(StringType.Default, Int32Type.Default));
        var sk = (StringArray.Builder)stringKeyed.KeyBuilder;
        var sv = (Int32Array.Builder)stringKeyed.ValueBuilder;
        stringKeyed.Append();
        sk.Append("service.name");
        sv.Append(1);
        sk.Append("quote\"d");
        sv.AppendNull();
        stringKeyed.Append();
        stringKeyed.AppendNull();
        Assert.Equal(["""{"v":{"service.name":1,"quote\"d":null}}""", """{"v":{}}""", """{"v":null}"""], Column(stringKeyed.Build()));

        var intKeyed = new MapArray.Builder(new MapType(Int32Type.Default, StringType.Default));
        var ik = (Int32Array.Builder)intKeyed.KeyBuilder;
        var iv = (StringArray.Builder)intKeyed.ValueBuilder;
        intKeyed.Append();
        ik.Append(1);
        iv.Append("one");
        ik.Append(2);
        iv.AppendNull();
        Assert.Equal(["""{"v":[{"key":1,"value":"one"},{"key":2,"value":null}]}"""], Column(intKeyed.Build()));
    }

    [Fact]
    public void Dictionary_encoded_values_are_decoded()
    {
        var dictionary = new DictionaryArray(
            new DictionaryType(Int32Type.Default, StringType.Default, false),
            Primitive<int>(Int32Type.Default, 1, 0, null, 1),
            Strings("alpha", "beta"));
        Assert.Equal(["""{"v":"beta"}""", """{"v":"alpha"}""", """{"v":null}""", """{"v":"beta"}"""], Column(dictionary));
    }

    [Fact]
    public void Sliced_batches_write_only_their_rows()
    {
        var type = new StructType([new Field("a", Int32Type.Default, true)]);
        var list = new ListArray.Builder(Int32Type.Default);
        var items = (Int32Array.Builder)list.ValueBuilder;
        for (int i = 0; i < 4; i++)
        {
            list.Append();
            items.Append(i);
        }

        var batch = Batch(
            ("i", Primitive<int>(Int32Type.Default, 0, 1, 2, 3)),
            ("s", Strings("a", "b", "c", "d")),
            ("st", new StructArray(type, 4, [Primitive<int>(Int32Type.Default, 10, 11, 12, 13)], ArrowBuffer.Empty, 0)),
            ("l", list.Build()));

        Assert.Equal(
            ["""{"i":1,"s":"b","st":{"a":11},"l":[1]}""", """{"i":2,"s":"c","st":{"a":12},"l":[2]}"""],
            Lines(batch.Slice(1, 2)));
    }

    [Fact]
    public void Column_names_are_escaped_and_keep_schema_order()
    {
        var batch = Batch(("z\"q", Primitive<int>(Int32Type.Default, 1)), ("a", Primitive<int>(Int32Type.Default, 2)));
        Assert.Equal(["""{"z\"q":1,"a":2}"""], Lines(batch));
    }

    [Fact]
    public async Task Writes_many_batches_to_streams_and_text_writers_alike()
    {
        var batch = Batch(("s", Strings("日本", "x")));
        using var stream = new MemoryStream();
        await using (var writer = new JsonLinesBatchWriter(stream, leaveOpen: true))
        {
            await writer.WriteAsync(batch);
            writer.Write(batch);
            Assert.Equal(4, writer.RowsWritten);
        }

        var text = new StringWriter();
        using (var writer = new JsonLinesBatchWriter(text))
        {
            writer.Write(batch);
            await writer.WriteAsync(batch);
        }

        string expected = string.Concat(Enumerable.Repeat("{\"s\":\"日本\"}\n{\"s\":\"x\"}\n", 2));
        Assert.Equal(expected, Encoding.UTF8.GetString(stream.ToArray()));
        Assert.Equal(expected, text.ToString());
    }

    [Fact]
    public void Large_batches_are_flushed_in_chunks_with_identical_output()
    {
        int n = 60_000;
        var values = Enumerable.Range(0, n).Select(i => (long?)i).ToArray();
        var strings = Enumerable.Range(0, n).Select(i => "row-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var batch = Batch(("i", Primitive<long>(Int64Type.Default, values)), ("s", Strings(strings)));
        string[] lines = Lines(batch);
        Assert.Equal(n, lines.Length);
        Assert.Equal("""{"i":59999,"s":"row-59999"}""", lines[^1]);
        Assert.Equal("""{"i":31337,"s":"row-31337"}""", lines[31337]);
    }

    [Fact]
    public void Unsupported_types_name_the_column()
    {
        var interval = ArrowArrayFactory.BuildArray(new ArrayData(
            new IntervalType(IntervalUnit.YearMonth), 1, 0, 0, [ArrowBuffer.Empty, new ArrowBuffer(new byte[4])]));
        var ex = Assert.Throws<UnsupportedFeatureException>(() => JsonLinesBatchWriter.ToJsonLines(Batch(("span_interval", interval))));
        Assert.Contains("span_interval", ex.Message, StringComparison.Ordinal);
    }
}
