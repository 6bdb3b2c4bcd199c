using System.Data.SqlTypes;
using System.Globalization;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>
/// The spec's "Partition Value Serialization": partition values are strings in the log; an empty string or null is a
/// null value. Decodes them into .NET values (and Arrow arrays) and encodes .NET values back.
/// </summary>
/// <remarks>
/// .NET types per Delta type: string → <see cref="string"/>, byte → <see cref="sbyte"/>, short → <see cref="short"/>,
/// integer → <see cref="int"/>, long → <see cref="long"/>, float → <see cref="float"/>, double → <see cref="double"/>,
/// boolean → <see cref="bool"/>, date → <see cref="DateOnly"/>, timestamp → <see cref="DateTimeOffset"/> (UTC; values
/// without a zone are read as UTC), timestamp_ntz → <see cref="DateTime"/> (unspecified kind), decimal →
/// <see cref="decimal"/> (or <see cref="SqlDecimal"/> beyond 28 digits), binary → <see cref="byte"/>[] (the UTF-8
/// bytes of the string).
/// </remarks>
internal static class PartitionValueCodec
{
    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mm:ssK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    private static readonly string[] NtzFormats =
    [
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
    ];

    /// <summary>Decodes one serialized partition value.</summary>
    /// <exception cref="CorruptDataException">The text is not a valid value of <paramref name="type"/>.</exception>
    /// <exception cref="UnsupportedFeatureException">The type cannot be a partition column.</exception>
    public static object? Decode(string? value, DeltaDataType type, string column = "<column>")
    {
        ArgumentNullException.ThrowIfNull(type);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var inv = CultureInfo.InvariantCulture;
        try
        {
            return type switch
            {
                DeltaDecimalType => decimal.TryParse(value, NumberStyles.Float, inv, out var d) ? (object)d : SqlDecimal.Parse(value),
                DeltaPrimitiveType p => p.Name switch
                {
                    "string" => value,
                    "byte" => sbyte.Parse(value, NumberStyles.Integer, inv),
                    "short" => short.Parse(value, NumberStyles.Integer, inv),
                    "integer" => int.Parse(value, NumberStyles.Integer, inv),
                    "long" => long.Parse(value, NumberStyles.Integer, inv),
                    "float" => float.Parse(value, NumberStyles.Float, inv),
                    "double" => double.Parse(value, NumberStyles.Float, inv),
                    "boolean" => bool.Parse(value),
                    "date" => DateOnly.ParseExact(value, ["yyyy-MM-dd", "yyyy-M-d"], inv, DateTimeStyles.None),
                    "timestamp" => DateTimeOffset.ParseExact(value, TimestampFormats, inv, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                    "timestamp_ntz" => DateTime.SpecifyKind(DateTime.ParseExact(value, NtzFormats, inv, DateTimeStyles.None), DateTimeKind.Unspecified),
                    "binary" => Encoding.UTF8.GetBytes(value),
                    "void" => null,
                    _ => throw new UnsupportedFeatureException($"The partition column '{column}' has the type {p.Name}, which cannot be a partition column."),
                },
                _ => throw new UnsupportedFeatureException($"The partition column '{column}' has the nested type {type.TypeName}, which cannot be a partition column."),
            };
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or SqlTypeException)
        {
            throw new CorruptDataException($"The partition value '{value}' of column '{column}' is not a valid {type.TypeName}; the add action in the log is corrupt.", ex);
        }
    }

    /// <summary>Encodes a .NET value as a partition value string (null for null).</summary>
    /// <exception cref="ArgumentException">The value does not fit <paramref name="type"/>.</exception>
    public static string? Encode(object? value, DeltaDataType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (value is null)
        {
            return null;
        }

        var inv = CultureInfo.InvariantCulture;
        var typeName = type is DeltaPrimitiveType p ? p.Name : type is DeltaDecimalType ? "decimal" : type.TypeName;
        return (typeName, value) switch
        {
            ("string", string s) => s,
            ("binary", byte[] bytes) => Encoding.UTF8.GetString(bytes),
            ("boolean", bool b) => b ? "true" : "false",
            ("date", DateOnly d) => d.ToString("yyyy-MM-dd", inv),
            ("date", DateTime d) => d.ToString("yyyy-MM-dd", inv),
            ("timestamp", DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", inv),
            ("timestamp", DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", inv),
            ("timestamp_ntz", DateTime t) => FormatNtz(t),
            ("timestamp_ntz", DateTimeOffset t) => FormatNtz(t.DateTime),
            ("float", float f) => f.ToString("R", inv),
            ("double", double d) => d.ToString("R", inv),
            ("decimal", decimal m) => m.ToString(inv),
            ("decimal", SqlDecimal m) => m.ToString(),
            ("byte" or "short" or "integer" or "long", IFormattable n) when value is sbyte or byte or short or int or long => n.ToString(null, inv),
            _ => throw new ArgumentException($"A {value.GetType().Name} value cannot be encoded as a {type.TypeName} partition value.", nameof(value)),
        };
    }

    private static string FormatNtz(DateTime t) =>
        t.Ticks % TimeSpan.TicksPerSecond == 0
            ? t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : t.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    /// <summary>Builds an Arrow array of <paramref name="count"/> copies of one decoded partition value, typed per <see cref="DeltaArrowSchema"/>.</summary>
    public static IArrowArray BuildConstantArray(string? value, DeltaDataType type, int count, string column = "<column>")
    {
        var decoded = Decode(value, type, column);
        return BuildArray(Enumerable.Repeat(decoded, count), type);
    }

    /// <summary>Builds an Arrow array from decoded values (as returned by <see cref="Decode"/>).</summary>
    public static IArrowArray BuildArray(IEnumerable<object?> values, DeltaDataType type)
    {
        ArgumentNullException.ThrowIfNull(values);
        var arrowType = DeltaArrowSchema.ToArrowType(type, ColumnMappingMode.None);
        switch (arrowType)
        {
            case StringType:
                return Build(new StringArray.Builder(), values, (b, v) => b.Append((string)v), b => b.AppendNull(), b => b.Build());
            case Int8Type:
                return Build(new Int8Array.Builder(), values, (b, v) => b.Append((sbyte)v), b => b.AppendNull(), b => b.Build());
            case Int16Type:
                return Build(new Int16Array.Builder(), values, (b, v) => b.Append((short)v), b => b.AppendNull(), b => b.Build());
            case Int32Type:
                return Build(new Int32Array.Builder(), values, (b, v) => b.Append((int)v), b => b.AppendNull(), b => b.Build());
            case Int64Type:
                return Build(new Int64Array.Builder(), values, (b, v) => b.Append((long)v), b => b.AppendNull(), b => b.Build());
            case FloatType:
                return Build(new FloatArray.Builder(), values, (b, v) => b.Append((float)v), b => b.AppendNull(), b => b.Build());
            case DoubleType:
                return Build(new DoubleArray.Builder(), values, (b, v) => b.Append((double)v), b => b.AppendNull(), b => b.Build());
            case BooleanType:
                return Build(new BooleanArray.Builder(), values, (b, v) => b.Append((bool)v), b => b.AppendNull(), b => b.Build());
            case BinaryType:
                return Build(new BinaryArray.Builder(), values, (b, v) => b.Append(((byte[])v).AsSpan()), b => b.AppendNull(), b => b.Build());
            case Date32Type:
                return Build(new Date32Array.Builder(), values, (b, v) => b.Append(((DateOnly)v).ToDateTime(TimeOnly.MinValue)), b => b.AppendNull(), b => b.Build());
            case TimestampType ts:
                return Build(new TimestampArray.Builder(ts), values, (b, v) => b.Append(v is DateTimeOffset o ? o : new DateTimeOffset(DateTime.SpecifyKind((DateTime)v, DateTimeKind.Utc))), b => b.AppendNull(), b => b.Build());
            case Decimal128Type dec:
                return Build(new Decimal128Array.Builder(dec), values, (b, v) =>
                {
                    if (v is decimal m)
                    {
                        b.Append(m);
                    }
                    else
                    {
                        b.Append((SqlDecimal)v);
                    }
                }, b => b.AppendNull(), b => b.Build());
            case NullType:
                return new NullArray(values.Count());
            default:
                throw new UnsupportedFeatureException($"Partition values of type {type.TypeName} cannot be materialized as Arrow arrays.");
        }
    }

    private static IArrowArray Build<TBuilder>(TBuilder builder, IEnumerable<object?> values, Action<TBuilder, object> append, Action<TBuilder> appendNull, Func<TBuilder, IArrowArray> build)
    {
        foreach (var value in values)
        {
            if (value is null)
            {
                appendNull(builder);
            }
            else
            {
                append(builder, value);
            }
        }

        return build(builder);
    }
}
