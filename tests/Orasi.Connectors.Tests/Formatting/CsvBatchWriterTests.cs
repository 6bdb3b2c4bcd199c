using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.Formatting;
using static Orasi.Connectors.Tests.Formatting.ArrowTestArrays;

namespace Orasi.Connectors.Tests.Formatting;

public class CsvBatchWriterTests
{
    [Fact]
    public void Quotes_fields_per_rfc4180_and_tells_null_from_empty()
    {
        var batch = Batch(
            ("name", Strings("plain", "with,comma", "with \"quote\"", "multi\nline", "cr\rhere", "", null)),
            ("n", Primitive<int>(Int32Type.Default, 1, 2, 3, 4, 5, 6, null)));

        Assert.Equal(
            "name,n\r\n"
            + "plain,1\r\n"
            + "\"with,comma\",2\r\n"
            + "\"with \"\"quote\"\"\",3\r\n"
            + "\"multi\nline\",4\r\n"
            + "\"cr\rhere\",5\r\n"
            + "\"\",6\r\n"
            + ",\r\n",
            CsvBatchWriter.ToCsv(batch));
    }

    [Fact]
    public void Header_names_are_quoted_when_needed()
    {
        var batch = Batch(("a,b", Primitive<int>(Int32Type.Default, 1)), ("say \"hi\"", Primitive<int>(Int32Type.Default, 2)));
        Assert.Equal("\"a,b\",\"say \"\"hi\"\"\"\r\n1,2\r\n", CsvBatchWriter.ToCsv(batch));
    }

    [Fact]
    public void Scalars_use_the_json_lines_text_and_nested_values_their_json()
    {
        var structType = new StructType([new Field("a", Int32Type.Default, true), new Field("b", StringType.Default, true)]);
        var map = new MapArray.Builder(new MapType(StringType.Default, Int32Type.Default));
        map.Append();
        ((StringArray.Builder)map.KeyBuilder).Append("k");
        ((Int32Array.Builder)map.ValueBuilder).Append(7);
        var list = new ListArray.Builder(Int32Type.Default);
        list.Append();
        ((Int32Array.Builder)list.ValueBuilder).Append(1).Append(2);

        var batch = Batch(
            ("b", new BooleanArray.Builder().Append(true).Build()),
            ("d", Primitive<double>(DoubleType.Default, double.NaN)),
            ("f", Primitive<float>(FloatType.Default, 0.1f)),
            ("u", Primitive<ulong>(UInt64Type.Default, ulong.MaxValue)),
            ("dec", new Decimal128Array.Builder(new Decimal128Type(10, 3)).Append(-1.5m).Build()),
            ("ts", Primitive<long>(new TimestampType(TimeUnit.Nanosecond, "UTC"), 1_709_296_496_789_012_345L)),
            ("date", Primitive<int>(Date32Type.Default, 19000)),
            ("t", Primitive<long>(new Time64Type(TimeUnit.Microsecond), 3_723_000_001L)),
            ("bin", new BinaryArray.Builder().Append([0, 1, 2, 255]).Build()),
            ("st", new StructArray(structType, 1, [Primitive<int>(Int32Type.Default, 1), Strings("x")], ArrowBuffer.Empty, 0)),
            ("l", list.Build()),
            ("m", map.Build()));

        string[] lines = CsvBatchWriter.ToCsv(batch).Split("\r\n");
        Assert.Equal("b,d,f,u,dec,ts,date,t,bin,st,l,m", lines[0]);
        Assert.Equal(
            "true,NaN,0.1,18446744073709551615,-1.500,2024-03-01T12:34:56.789012Z,2022-01-08,01:02:03.000001,AAEC/w==,"
            + "\"{\"\"a\"\":1,\"\"b\"\":\"\"x\"\"}\",\"[1,2]\",\"{\"\"k\"\":7}\"",
            lines[1]);
        Assert.Equal("", lines[2]);
    }

    [Fact]
    public void Options_change_delimiter_line_ending_and_header()
    {
        var batch = Batch(("a", Strings("x;y", "z")), ("b", Primitive<int>(Int32Type.Default, 1, 2)));
        var options = new CsvBatchWriterOptions { Delimiter = ';', NewLine = "\n", IncludeHeader = false };
        Assert.Equal("\"x;y\";1\nz;2\n", CsvBatchWriter.ToCsv(batch, options));
        Assert.Throws<ArgumentException>(() => new CsvBatchWriter(new MemoryStream(), new CsvBatchWriterOptions { Delimiter = '"' }));
    }

    [Fact]
    public async Task Header_is_written_once_and_batches_of_another_schema_are_rejected()
    {
        var text = new StringWriter();
        await using var writer = new CsvBatchWriter(text, new CsvBatchWriterOptions { NewLine = "\n" });
        writer.WriteHeader(new Schema([new Field("a", Int32Type.Default, true)], null));
        await writer.WriteAsync(Batch(("a", Primitive<int>(Int32Type.Default, 1))));
        writer.Write(Batch(("a", Primitive<int>(Int32Type.Default, 2))));
        var ex = Assert.Throws<ValidationFailedException>(() => writer.Write(Batch(("other", Primitive<int>(Int32Type.Default, 3)))));
        Assert.Contains("other", ex.Message, StringComparison.Ordinal);
        await writer.FlushAsync();
        Assert.Equal("a\n1\n2\n", text.ToString());
        Assert.Equal(2, writer.RowsWritten);
    }

    [Fact]
    public void Output_is_utf8_without_bom()
    {
        using var stream = new MemoryStream();
        using (var writer = new CsvBatchWriter(stream, leaveOpen: true))
        {
            writer.Write(Batch(("s", Strings("日本"))));
        }

        Assert.Equal(Encoding.UTF8.GetBytes("s\r\n日本\r\n"), stream.ToArray());
    }
}
