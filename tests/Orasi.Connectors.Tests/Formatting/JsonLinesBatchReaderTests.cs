using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using FsCheck;
using FsCheck.Fluent;
using Orasi.Connectors.Formatting;
using static Orasi.Connectors.Tests.Formatting.ArrowTestArrays;

namespace Orasi.Connectors.Tests.Formatting;

public class JsonLinesBatchReaderTests
{
    private static async Task<List<RecordBatch>> ReadAll(Schema schema, string text, int batchSize = 8192)
    {
        var reader = new JsonLinesBatchReader(schema, batchSize);
        var batches = new List<RecordBatch>();
        await foreach (RecordBatch batch in reader.ReadAsync(new StringReader(text)))
        {
            batches.Add(batch);
        }

        return batches;
    }

    private static RecordBatch AllTypesBatch()
    {
        var structType = new StructType([new Field("name", StringType.Default, true), new Field("n", Int32Type.Default, true)]);
        var events = new StructArray(structType, 3, [Strings("a", "b", null), Primitive<int>(Int32Type.Default, 1, null, 3)], ArrowBuffer.Empty, 0);
        var listOfStructs = new ListArray(new ListType(new Field("item", structType, true)), 3,
            new ArrowBuffer.Builder<int>().Append(0).Append(2).Append(2).Append(3).Build(), events, Validity(true, false, true), 1, 0);

        var stringMap = new MapArray.Builder(new MapType(StringType.Default, Int64Type.Default));
        stringMap.Append();
        ((StringArray.Builder)stringMap.KeyBuilder).Append("k1").Append("k2");
        ((Int64Array.Builder)stringMap.ValueBuilder).Append(1).AppendNull();
        stringMap.AppendNull();
        stringMap.Append();

        var intMap = new MapArray.Builder(new MapType(Int32Type.Default, StringType.Default));
        intMap.Append();
        ((Int32Array.Builder)intMap.KeyBuilder).Append(5);
        ((StringArray.Builder)intMap.ValueBuilder).Append("five");
        intMap.Append();
        intMap.AppendNull();

        var fixedBinary = ArrowArrayFactory.BuildArray(new ArrayData(new FixedSizeBinaryType(2), 3, 1, 0,
            [Validity(true, true, false), new ArrowBuffer(new byte[] { 1, 2, 3, 4, 0, 0 })]));

        return Batch(
            ("bool", new BooleanArray.Builder().Append(true).AppendNull().Append(false).Build()),
            ("i8", Primitive<sbyte>(Int8Type.Default, -128, 0, 127)),
            ("i32", Primitive<int>(Int32Type.Default, int.MinValue, null, int.MaxValue)),
            ("i64", Primitive<long>(Int64Type.Default, long.MinValue, 0, long.MaxValue)),
            ("u64", Primitive<ulong>(UInt64Type.Default, ulong.MaxValue, 0, null)),
            ("f32", Primitive<float>(FloatType.Default, 0.1f, float.NaN, float.NegativeInfinity)),
            ("f64", Primitive<double>(DoubleType.Default, double.PositiveInfinity, -0.000123, double.NaN)),
            ("dec", new Decimal128Array.Builder(new Decimal128Type(10, 3)).Append(1.5m).Append(-0.005m).AppendNull().Build()),
            ("dec256", new Decimal256Array.Builder(new Decimal256Type(40, 2)).Append(-12.3m).Append(0m).Append(99999.99m).Build()),
            ("s", Strings("日本 \"q\"\n", "", null)),
            ("ls", new LargeStringArray.Builder().Append("large").AppendNull().Append("x").Build()),
            ("bin", new BinaryArray.Builder().Append([0, 255]).Append([]).AppendNull().Build()),
            ("lbin", new LargeBinaryArray.Builder().Append(new byte[] { 7 }.AsSpan()).AppendNull().AppendNull().Build()),
            ("fbin", fixedBinary),
            ("d32", Primitive<int>(Date32Type.Default, 0, -1, 19000)),
            ("d64", Primitive<long>(Date64Type.Default, 0L, 19000L * 86_400_000, null)),
            ("ts_us_utc", Primitive<long>(new TimestampType(TimeUnit.Microsecond, "UTC"), 1_709_296_496_789_012L, -1L, null)),
            ("ts_ns", Primitive<long>(new TimestampType(TimeUnit.Nanosecond, (string?)null), 1_709_296_496_789_012_000L, 0L, -1_000L)),
            ("ts_s", Primitive<long>(new TimestampType(TimeUnit.Second, "UTC"), 0L, 1L, -1L)),
            ("t32", Primitive<int>(new Time32Type(TimeUnit.Millisecond), 3_723_456, 0, null)),
            ("t64", Primitive<long>(new Time64Type(TimeUnit.Microsecond), 86_399_999_999L, 1L, 0L)),
            ("dur", Primitive<long>(DurationType.Microsecond, 5L, -5L, null)),
            ("events", listOfStructs),
            ("attrs", stringMap.Build()),
            ("codes", intMap.Build()),
            ("nothing", new NullArray(3)));
    }

    [Fact]
    public async Task Reads_back_what_the_writer_wrote_for_every_type()
    {
        RecordBatch original = AllTypesBatch();
        string written = JsonLinesBatchWriter.ToJsonLines(original);

        var batches = await ReadAll(original.Schema, written);
        RecordBatch read = Assert.Single(batches);
        Assert.Equal(3, read.Length);
        Assert.Equal(written, JsonLinesBatchWriter.ToJsonLines(read));

        // Spot-check decoded values, not just the text.
        Assert.Equal(ulong.MaxValue, ((UInt64Array)read.Column("u64")).GetValue(0));
        Assert.True(double.IsNaN(((DoubleArray)read.Column("f64")).GetValue(2)!.Value));
        Assert.Equal(1.5m, ((Decimal128Array)read.Column("dec")).GetValue(0));
        Assert.Equal(1_709_296_496_789_012L, ((TimestampArray)read.Column("ts_us_utc")).Values[0]);
        Assert.Equal(-1_000L, ((TimestampArray)read.Column("ts_ns")).Values[2]);
        Assert.Equal("日本 \"q\"\n", ((StringArray)read.Column("s")).GetString(0));
        Assert.True(read.Column("s").IsNull(2));
        Assert.False(read.Column("s").IsNull(1));
    }

    [Fact]
    public async Task Splits_into_batches_of_the_requested_size_and_skips_blank_lines()
    {
        var schema = new Schema([new Field("i", Int64Type.Default, true)], null);
        string text = string.Join("\n", Enumerable.Range(0, 5).Select(i => $$"""{"i":{{i}}}""")) + "\n\n   \n";
        var batches = await ReadAll(schema, text, batchSize: 2);
        Assert.Equal([2, 2, 1], batches.Select(b => b.Length));
        Assert.Equal(4L, ((Int64Array)batches[2].Column(0)).GetValue(0));
    }

    [Fact]
    public async Task Reads_from_streams_and_files()
    {
        var schema = new Schema([new Field("s", StringType.Default, true)], null);
        string path = Path.Combine(Path.GetTempPath(), "orasi-jsonl-" + Guid.NewGuid().ToString("N") + ".jsonl");
        await File.WriteAllTextAsync(path, "{\"s\":\"a\"}\n{\"s\":\"b\"}\n");
        try
        {
            var reader = new JsonLinesBatchReader(schema);
            int rows = 0;
            await foreach (var batch in reader.ReadFileAsync(path))
            {
                rows += batch.Length;
            }

            Assert.Equal(2, rows);
            Assert.Equal("s", Assert.Single(JsonLinesBatchReader.InferSchema(path).FieldsList).Name);

            using var stream = new MemoryStream(Encoding.UTF8.GetBytes("{\"s\":\"x\"}"));
            await foreach (var batch in reader.ReadAsync(stream))
            {
                Assert.Equal("x", ((StringArray)batch.Column(0)).GetString(0));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Infers_int64_double_bool_and_string_and_reads_nested_values_as_json_text()
    {
        string[] lines =
        [
            """{"a":1,"b":1.5,"c":true,"d":"2024-01-01T00:00:00Z","e":{"x":1},"f":[1,2]}""",
            "",
            """{"a":2,"b":2,"c":false,"g":null,"h":1}""",
            """{"h":"mixed","b":3e2}""",
        ];
        Schema schema = JsonLinesBatchReader.InferSchema(lines);

        Assert.Equal(["a", "b", "c", "d", "e", "f", "g", "h"], schema.FieldsList.Select(f => f.Name));
        Assert.Equal(
            [ArrowTypeId.Int64, ArrowTypeId.Double, ArrowTypeId.Boolean, ArrowTypeId.String, ArrowTypeId.String, ArrowTypeId.String, ArrowTypeId.String, ArrowTypeId.String],
            schema.FieldsList.Select(f => f.DataType.TypeId));
        Assert.All(schema.FieldsList, f => Assert.True(f.IsNullable));

        RecordBatch batch = Assert.Single(await ReadAll(schema, string.Join("\n", lines)));
        Assert.Equal("""{"x":1}""", ((StringArray)batch.Column("e")).GetString(0));
        Assert.Equal("[1,2]", ((StringArray)batch.Column("f")).GetString(0));
        Assert.Equal("1", ((StringArray)batch.Column("h")).GetString(1));
        Assert.Equal(300.0, ((DoubleArray)batch.Column("b")).GetValue(2));
        Assert.True(batch.Column("a").IsNull(2));

        Schema firstOnly = JsonLinesBatchReader.InferSchema(lines, maxLines: 1);
        Assert.DoesNotContain(firstOnly.FieldsList, f => f.Name == "h");
    }

    [Fact]
    public async Task Invalid_json_names_the_line()
    {
        var schema = new Schema([new Field("i", Int64Type.Default, true)], null);
        var ex = await Assert.ThrowsAsync<CorruptDataException>(() => ReadAll(schema, "{\"i\":1}\n{\"i\":\n"));
        Assert.Contains("Line 2", ex.Message, StringComparison.Ordinal);

        var notObject = await Assert.ThrowsAsync<CorruptDataException>(() => ReadAll(schema, "[1,2]\n"));
        Assert.Contains("Line 1", notObject.Message, StringComparison.Ordinal);
        Assert.Contains("array", notObject.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("int64", """{"v":"abc"}""")]
    [InlineData("int8", """{"v":300}""")]
    [InlineData("decimal", """{"v":"1.2345"}""")]
    [InlineData("decimal", """{"v":"123456789.5"}""")]
    [InlineData("timestamp", """{"v":"not a time"}""")]
    [InlineData("date", """{"v":"2024-13-01"}""")]
    [InlineData("bool", """{"v":"yes"}""")]
    [InlineData("binary", """{"v":"***not base64***"}""")]
    [InlineData("struct", """{"v":[1]}""")]
    [InlineData("list", """{"v":{"a":1}}""")]
    [InlineData("intmap", """{"v":{"1":"a"}}""")]
    public async Task Values_that_do_not_fit_the_type_name_line_and_field(string kind, string line)
    {
        IArrowType type = kind switch
        {
            "int64" => Int64Type.Default,
            "int8" => Int8Type.Default,
            "decimal" => new Decimal128Type(10, 3),
            "timestamp" => new TimestampType(TimeUnit.Microsecond, "UTC"),
            "date" => Date32Type.Default,
            "bool" => BooleanType.Default,
            "binary" => BinaryType.Default,
            "struct" => new StructType([new Field("a", Int32Type.Default, true)]),
            "list" => new ListType(Int32Type.Default),
            _ => new MapType(Int32Type.Default, StringType.Default),
        };
        var schema = new Schema([new Field("v", type, true)], null);
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => ReadAll(schema, "{\"v\":null}\n" + line));
        Assert.Contains("Line 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'v'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_value_of_a_non_nullable_field_is_an_error()
    {
        var schema = new Schema([new Field("id", Int64Type.Default, nullable: false)], null);
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => ReadAll(schema, "{\"id\":1}\n{\"other\":2}\n"));
        Assert.Contains("Line 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'id'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_schema_types_are_rejected_up_front()
    {
        var schema = new Schema([new Field("u", new IntervalType(IntervalUnit.DayTime), true)], null);
        var ex = Assert.Throws<UnsupportedFeatureException>(() => new JsonLinesBatchReader(schema));
        Assert.Contains("'u'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_batches_survive_write_read_write()
    {
        var schema = new Schema(
            [new Field("i", Int64Type.Default, true), new Field("s", StringType.Default, true), new Field("d", DoubleType.Default, true)], null);

        Prop.ForAll<(long?, string?, double)[]>(rows =>
        {
            var batch = new RecordBatch(schema,
                [Primitive<long>(Int64Type.Default, rows.Select(r => r.Item1).ToArray()),
                 Strings(rows.Select(r => r.Item2).ToArray()),
                 Primitive<double>(DoubleType.Default, rows.Select(r => (double?)r.Item3).ToArray())],
                rows.Length);
            string first = JsonLinesBatchWriter.ToJsonLines(batch);
            var read = ReadAll(schema, first).GetAwaiter().GetResult();
            string second = string.Concat(read.Select(JsonLinesBatchWriter.ToJsonLines));
            return first == second && read.Sum(b => b.Length) == rows.Length;
        }).QuickCheckThrowOnFailure();
    }
}
