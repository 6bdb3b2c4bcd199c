using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Tests.Parquet;

/// <summary>Builds random record batches covering every Arrow type the Parquet IO supports, with nulls.</summary>
internal static class RandomBatches
{
    private static readonly string[] Words =
        ["", "a", "checkout", "Ärger", "zebra", "日本語", "emoji 😀", "\uFF21wide", "\uE000private", "a'quote", "Zz", "naïve"];

    public static readonly TimestampType TsSecond = new(TimeUnit.Second, (string?)null);
    public static readonly TimestampType TsMilliUtc = new(TimeUnit.Millisecond, "UTC");
    public static readonly TimestampType TsMicro = new(TimeUnit.Microsecond, (string?)null);
    public static readonly TimestampType TsNanoUtc = new(TimeUnit.Nanosecond, "UTC");

    public static Schema AllTypesSchema()
    {
        var structType = new StructType([new Field("a", Int32Type.Default, true), new Field("b", StringType.Default, true)]);
        var fields = new List<Field>
        {
            new("b", BooleanType.Default, true),
            new("i8", Int8Type.Default, true),
            new("i16", Int16Type.Default, true),
            new("i32", Int32Type.Default, true),
            new("i64", Int64Type.Default, true),
            new("u8", UInt8Type.Default, true),
            new("u16", UInt16Type.Default, true),
            new("u32", UInt32Type.Default, true),
            new("u64", UInt64Type.Default, true),
            new("f32", FloatType.Default, true),
            new("f64", DoubleType.Default, true),
            new("str", StringType.Default, true),
            new("bin", BinaryType.Default, true),
            new("fsb", new FixedSizeBinaryType(4), true),
            new("d32", Date32Type.Default, true),
            new("ts_s", TsSecond, true),
            new("ts_ms_utc", TsMilliUtc, true),
            new("ts_us", TsMicro, true),
            new("ts_ns_utc", TsNanoUtc, true),
            new("dec_9_2", new Decimal128Type(9, 2), true),
            new("dec_18_4", new Decimal128Type(18, 4), true),
            new("dec_38_10", new Decimal128Type(38, 10), true),
            new("list_int", new ListType(new Field("item", Int32Type.Default, true)), true),
            new("list_str", new ListType(new Field("item", StringType.Default, true)), true),
            new("st", structType, true),
            new("map", new MapType(new Field("key", StringType.Default, false), new Field("value", StringType.Default, true)), true),
        };
        return new Schema(fields, null);
    }

    public static RecordBatch AllTypes(int seed, int rows, double nullRate)
    {
        var random = new Random(seed);
        var schema = AllTypesSchema();
        var columns = schema.FieldsList.Select(f => Column(random, f.DataType, rows, nullRate)).ToArray();
        return new RecordBatch(schema, columns, rows);
    }

    public static IArrowArray Column(Random r, IArrowType type, int rows, double nullRate)
    {
        bool Null() => r.NextDouble() < nullRate;
        switch (type)
        {
            case BooleanType:
            {
                var b = new BooleanArray.Builder();
                for (var i = 0; i < rows; i++) { if (Null()) b.AppendNull(); else b.Append(r.Next(2) == 1); }
                return b.Build();
            }
            case Int8Type: return Primitive<sbyte>(type, rows, Null, () => (sbyte)r.Next(sbyte.MinValue, sbyte.MaxValue + 1));
            case Int16Type: return Primitive<short>(type, rows, Null, () => (short)r.Next(short.MinValue, short.MaxValue + 1));
            case Int32Type: return Primitive(type, rows, Null, () => r.Next(int.MinValue, int.MaxValue));
            case Int64Type: return Primitive(type, rows, Null, () => r.NextInt64(long.MinValue, long.MaxValue));
            case UInt8Type: return Primitive<byte>(type, rows, Null, () => (byte)r.Next(256));
            case UInt16Type: return Primitive<ushort>(type, rows, Null, () => (ushort)r.Next(65536));
            case UInt32Type: return Primitive<uint>(type, rows, Null, () => (uint)r.NextInt64(0, uint.MaxValue + 1L));
            case UInt64Type: return Primitive<ulong>(type, rows, Null, () => (ulong)r.NextInt64() * 2 + (ulong)r.Next(2));
            case FloatType: return Primitive<float>(type, rows, Null, () => r.Next(20) == 0 ? float.NaN : (float)((r.NextDouble() - 0.5) * 1e6));
            case DoubleType: return Primitive<double>(type, rows, Null, () => r.Next(20) == 0 ? double.NaN : (r.NextDouble() - 0.5) * 1e12);
            case Date32Type: return Primitive(type, rows, Null, () => r.Next(-20000, 40000));
            case TimestampType ts:
                return Primitive(type, rows, Null, () => ts.Unit switch
                {
                    TimeUnit.Second => r.NextInt64(-2_000_000_000L, 4_000_000_000L),
                    TimeUnit.Millisecond => r.NextInt64(-2_000_000_000_000L, 4_000_000_000_000L),
                    TimeUnit.Microsecond => r.NextInt64(-2_000_000_000_000_000L, 4_000_000_000_000_000L),
                    _ => r.NextInt64(long.MinValue / 2, long.MaxValue / 2),
                });
            case StringType:
            {
                var b = new StringArray.Builder();
                for (var i = 0; i < rows; i++) { if (Null()) b.AppendNull(); else b.Append(Words[r.Next(Words.Length)] + (r.Next(3) == 0 ? r.Next(100).ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty)); }
                return b.Build();
            }
            case BinaryType:
            {
                var b = new BinaryArray.Builder();
                for (var i = 0; i < rows; i++)
                {
                    if (Null()) { b.AppendNull(); continue; }
                    var bytes = new byte[r.Next(0, 6)];
                    r.NextBytes(bytes);
                    b.Append(bytes.AsSpan());
                }

                return b.Build();
            }
            case Decimal128Type dec:
            {
                var b = new Decimal128Array.Builder(dec);
                var digits = Math.Min(dec.Precision, 27);
                for (var i = 0; i < rows; i++)
                {
                    if (Null()) { b.AppendNull(); continue; }
                    decimal unscaled = r.NextInt64(0, 1_000_000_000_000_000L) * (decimal)r.NextInt64(0, 1_000_000_000L);
                    var limit = Pow10(digits);
                    unscaled %= limit;
                    if (r.Next(2) == 0) unscaled = -unscaled;
                    b.Append(unscaled / Pow10(dec.Scale));
                }

                return b.Build();
            }
            case FixedSizeBinaryType fsb:
            {
                var values = new byte[rows * fsb.ByteWidth];
                r.NextBytes(values);
                var (validity, nulls) = Validity(rows, Null);
                return ArrowArrayFactory.BuildArray(new ArrayData(type, rows, nulls, 0, [validity, new ArrowBuffer(values)]));
            }
            case ListType list:
            {
                var b = new ListArray.Builder(list.ValueField);
                for (var i = 0; i < rows; i++)
                {
                    if (Null()) { b.AppendNull(); continue; }
                    b.Append();
                    var n = r.Next(0, 4);
                    for (var k = 0; k < n; k++)
                    {
                        var isNull = r.NextDouble() < nullRate;
                        switch (b.ValueBuilder)
                        {
                            case Int32Array.Builder ib: if (isNull) ib.AppendNull(); else ib.Append(r.Next(-1000, 1000)); break;
                            case StringArray.Builder sb: if (isNull) sb.AppendNull(); else sb.Append(Words[r.Next(Words.Length)]); break;
                        }
                    }
                }

                return b.Build();
            }
            case StructType st:
            {
                var children = st.Fields.Select(f => Column(r, f.DataType, rows, nullRate)).ToArray();
                var (validity, nulls) = Validity(rows, Null);
                return new StructArray(st, rows, children, validity, nulls);
            }
            case MapType map:
            {
                var b = new MapArray.Builder(map);
                for (var i = 0; i < rows; i++)
                {
                    if (Null()) { b.AppendNull(); continue; }
                    b.Append();
                    var n = r.Next(0, 3);
                    for (var k = 0; k < n; k++)
                    {
                        ((StringArray.Builder)b.KeyBuilder).Append("k" + k);
                        var vb = (StringArray.Builder)b.ValueBuilder;
                        if (r.NextDouble() < nullRate) vb.AppendNull(); else vb.Append(Words[r.Next(Words.Length)]);
                    }
                }

                return b.Build();
            }
            default:
                throw new NotSupportedException(type.Name);
        }
    }

    private static decimal Pow10(int n)
    {
        decimal result = 1;
        for (var i = 0; i < n; i++) result *= 10;
        return result;
    }

    private static (ArrowBuffer Validity, int Nulls) Validity(int rows, Func<bool> isNull)
    {
        var bitmap = new ArrowBuffer.BitmapBuilder();
        var nulls = 0;
        for (var i = 0; i < rows; i++)
        {
            var n = isNull();
            nulls += n ? 1 : 0;
            bitmap.Append(!n);
        }

        return (bitmap.Build(), nulls);
    }

    public static IArrowArray Primitive<T>(IArrowType type, int rows, Func<bool> isNull, Func<T> next)
        where T : struct
    {
        var values = new ArrowBuffer.Builder<T>();
        var (validityBits, nulls) = (new ArrowBuffer.BitmapBuilder(), 0);
        for (var i = 0; i < rows; i++)
        {
            var n = isNull();
            values.Append(n ? default : next());
            validityBits.Append(!n);
            nulls += n ? 1 : 0;
        }

        return ArrowArrayFactory.BuildArray(new ArrayData(type, rows, nulls, 0, [validityBits.Build(), values.Build()]));
    }
}
