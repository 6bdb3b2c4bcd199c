using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>
/// A partition/sort transform (<c>identity</c>, <c>bucket[N]</c>, <c>truncate[W]</c>, <c>year</c>, <c>month</c>,
/// <c>day</c>, <c>hour</c>, <c>void</c>) as a function over Iceberg values.
/// </summary>
/// <remarks>
/// Values use one .NET representation per Iceberg type: <c>bool</c>, <c>int</c> (int, date as days), <c>long</c>
/// (long, time in µs, timestamps in µs or ns), <c>float</c>, <c>double</c>, <c>decimal</c>, <c>string</c>,
/// <see cref="Guid"/> (uuid), <c>byte[]</c> (fixed, binary). <see cref="DateOnly"/>, <see cref="DateTime"/> and
/// <see cref="DateTimeOffset"/> are accepted as inputs too.
/// </remarks>
/// <param name="Kind">The transform kind.</param>
/// <param name="Parameter">N for bucket, W for truncate, otherwise 0.</param>
/// <param name="Name">The transform as written in metadata.</param>
public sealed record Transform(TransformKind Kind, int Parameter, string Name)
{
    /// <summary>The identity transform.</summary>
    public static Transform Identity { get; } = new(TransformKind.Identity, 0, "identity");

    /// <summary>The void transform.</summary>
    public static Transform Void { get; } = new(TransformKind.Void, 0, "void");

    /// <summary>Parses a transform string; unknown names give <see cref="TransformKind.Unknown"/>.</summary>
    /// <exception cref="FormatException">A bucket/truncate parameter is not a positive integer.</exception>
    public static Transform Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        switch (t)
        {
            case "identity": return Identity;
            case "void": return Void;
            case "year": return new(TransformKind.Year, 0, t);
            case "month": return new(TransformKind.Month, 0, t);
            case "day": return new(TransformKind.Day, 0, t);
            case "hour": return new(TransformKind.Hour, 0, t);
        }

        if (t.StartsWith("bucket[", StringComparison.Ordinal) && t.EndsWith(']'))
        {
            return new(TransformKind.Bucket, ParseParameter(t, 7), t);
        }

        if (t.StartsWith("truncate[", StringComparison.Ordinal) && t.EndsWith(']'))
        {
            return new(TransformKind.Truncate, ParseParameter(t, 9), t);
        }

        return new(TransformKind.Unknown, 0, t);
    }

    /// <summary>Creates <c>bucket[N]</c>.</summary>
    public static Transform Bucket(int n) => new(TransformKind.Bucket, n, $"bucket[{n}]");

    /// <summary>Creates <c>truncate[W]</c>.</summary>
    public static Transform Truncate(int width) => new(TransformKind.Truncate, width, $"truncate[{width}]");

    /// <summary>True when the transform keeps order (usable to derive source-value ranges from partition ranges).</summary>
    public bool PreservesOrder => Kind is TransformKind.Identity or TransformKind.Year or TransformKind.Month or TransformKind.Day or TransformKind.Hour or TransformKind.Truncate;

    /// <summary>The type of the transform's result for a source type.</summary>
    public IcebergType ResultType(IcebergType sourceType) => Kind switch
    {
        TransformKind.Identity or TransformKind.Truncate or TransformKind.Void or TransformKind.Unknown => sourceType,
        TransformKind.Bucket or TransformKind.Year or TransformKind.Month or TransformKind.Hour => PrimitiveType.Int,
        TransformKind.Day => PrimitiveType.Date,
        _ => sourceType,
    };

    /// <summary>Applies the transform to a value of <paramref name="sourceType"/>; null stays null.</summary>
    /// <exception cref="ValidationFailedException">The transform does not apply to the source type or value.</exception>
    public object? Apply(object? value, IcebergType sourceType)
    {
        ArgumentNullException.ThrowIfNull(sourceType);
        if (value is null || Kind == TransformKind.Void)
        {
            return null;
        }

        return Kind switch
        {
            TransformKind.Identity => value,
            TransformKind.Bucket => (int)((ApplyHash(value, sourceType) & int.MaxValue) % Parameter),
            TransformKind.Truncate => ApplyTruncate(value, sourceType),
            TransformKind.Year or TransformKind.Month or TransformKind.Day or TransformKind.Hour => ApplyTemporal(value, sourceType),
            _ => throw new UnsupportedFeatureException($"Transform '{Name}' is not known to this reader and cannot be applied."),
        };
    }

    /// <summary>The spec's 32-bit hash of a value (appendix B), before the bucket modulus.</summary>
    public static int Hash(object value, IcebergType type)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(type);
        return ApplyHash(value, type);
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    private static int ParseParameter(string text, int start)
    {
        var inner = text[start..^1];
        if (!int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            throw new FormatException($"Transform '{text}' needs a positive integer parameter.");
        }

        return n;
    }

    private static int ApplyHash(object value, IcebergType type)
    {
        switch (type)
        {
            case DecimalType d:
                return Murmur3.HashBytes(DecimalUnscaledBytes(ToDecimal(value), d.Scale));
            case FixedType:
                return Murmur3.HashBytes((byte[])value);
            case PrimitiveType p:
                switch (p.Name)
                {
                    case "int":
                    case "long":
                    case "date":
                    case "time":
                    case "timestamp":
                    case "timestamptz":
                        return Murmur3.HashLong(TemporalOrIntegral(value, p.Name));
                    case "timestamp_ns":
                    case "timestamptz_ns":
                        return Murmur3.HashLong(FloorDiv(TemporalOrIntegral(value, p.Name), 1000));
                    case "string":
                        return Murmur3.HashBytes(Encoding.UTF8.GetBytes((string)value));
                    case "uuid":
                        return Murmur3.HashBytes(UuidBytes(value));
                    case "binary":
                        return Murmur3.HashBytes((byte[])value);
                    case "boolean":
                        return Murmur3.HashLong((bool)value ? 1 : 0);
                    case "float":
                    case "double":
                    {
                        var dv = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                        var bits = double.IsNaN(dv) ? 0x7ff8000000000000L : BitConverter.DoubleToInt64Bits(dv == 0 ? 0.0 : dv);
                        return Murmur3.HashLong(bits);
                    }
                }

                break;
        }

        throw new ValidationFailedException($"The bucket transform does not apply to type '{type}'.");
    }

    private object ApplyTruncate(object value, IcebergType type)
    {
        var w = Parameter;
        switch (type)
        {
            case DecimalType d:
            {
                var unscaled = Unscaled(ToDecimal(value), d.Scale);
                var r = unscaled - (((unscaled % w) + w) % w);
                return (decimal)r / (decimal)BigInteger.Pow(10, d.Scale);
            }

            case PrimitiveType { Name: "int" }:
            {
                var v = Convert.ToInt32(value, CultureInfo.InvariantCulture);
                return v - (((v % w) + w) % w);
            }

            case PrimitiveType { Name: "long" }:
            {
                var v = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                return v - (((v % w) + w) % w);
            }

            case PrimitiveType { Name: "string" }:
            {
                var s = (string)value;
                var runes = 0;
                var i = 0;
                while (i < s.Length && runes < w)
                {
                    i += char.IsHighSurrogate(s[i]) && i + 1 < s.Length ? 2 : 1;
                    runes++;
                }

                return s[..i];
            }

            case PrimitiveType { Name: "binary" }:
            {
                var b = (byte[])value;
                return b.Length <= w ? b : b[..w];
            }
        }

        throw new ValidationFailedException($"The truncate transform does not apply to type '{type}'.");
    }

    private object ApplyTemporal(object value, IcebergType type)
    {
        var name = (type as PrimitiveType)?.Name;
        long micros;
        switch (name)
        {
            case "date":
            {
                var days = TemporalOrIntegral(value, name);
                if (Kind == TransformKind.Hour)
                {
                    throw new ValidationFailedException("The hour transform does not apply to type 'date'.");
                }

                micros = days * 86_400_000_000L;
                break;
            }

            case "timestamp":
            case "timestamptz":
                micros = TemporalOrIntegral(value, name);
                break;
            case "timestamp_ns":
            case "timestamptz_ns":
                micros = FloorDiv(TemporalOrIntegral(value, name), 1000);
                break;
            default:
                throw new ValidationFailedException($"The {Name} transform does not apply to type '{type}'.");
        }

        var hours = FloorDiv(micros, 3_600_000_000L);
        var dayCount = FloorDiv(micros, 86_400_000_000L);
        if (Kind == TransformKind.Hour)
        {
            return checked((int)hours);
        }

        if (Kind == TransformKind.Day)
        {
            return checked((int)dayCount);
        }

        var date = DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + checked((int)dayCount));
        return Kind == TransformKind.Year ? date.Year - 1970 : ((date.Year - 1970) * 12) + date.Month - 1;
    }

    /// <summary>Normalizes integral and temporal inputs to the Iceberg long/int representation.</summary>
    internal static long TemporalOrIntegral(object value, string typeName)
    {
        switch (value)
        {
            case int i: return i;
            case long l: return l;
            case short s: return s;
            case sbyte sb: return sb;
            case DateOnly d when typeName == "date":
                return d.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
            case TimeOnly t when typeName == "time":
                return t.Ticks / 10;
            case TimeSpan ts when typeName == "time":
                return ts.Ticks / 10;
            case DateTimeOffset dto:
                return FromTicks(dto.UtcTicks - DateTime.UnixEpoch.Ticks, typeName);
            case DateTime dt:
            {
                var ticks = (dt.Kind == DateTimeKind.Local ? dt.ToUniversalTime() : dt).Ticks - DateTime.UnixEpoch.Ticks;
                if (typeName == "date")
                {
                    return FloorDiv(ticks, TimeSpan.TicksPerDay);
                }

                return FromTicks(ticks, typeName);
            }
        }

        throw new ValidationFailedException($"A {value.GetType().Name} value cannot be used as an Iceberg '{typeName}'.");
    }

    private static long FromTicks(long ticks, string typeName) =>
        typeName is "timestamp_ns" or "timestamptz_ns" ? checked(ticks * 100) : FloorDiv(ticks, 10);

    internal static long FloorDiv(long a, long b)
    {
        var q = a / b;
        return (a % b != 0 && ((a < 0) ^ (b < 0))) ? q - 1 : q;
    }

    private static decimal ToDecimal(object value) => value switch
    {
        decimal d => d,
        _ => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
    };

    internal static BigInteger Unscaled(decimal value, int scale) =>
        new BigInteger(decimal.Round(value * (decimal)Math.Pow(10, Math.Min(scale, 28)), 0)) * BigInteger.Pow(10, Math.Max(0, scale - 28));

    /// <summary>Minimum-length two's-complement big-endian bytes of the unscaled decimal value.</summary>
    internal static byte[] DecimalUnscaledBytes(decimal value, int scale) => Unscaled(value, scale).ToByteArray(isUnsigned: false, isBigEndian: true);

    internal static byte[] UuidBytes(object value)
    {
        var guid = value switch
        {
            Guid g => g,
            string s => Guid.Parse(s),
            byte[] { Length: 16 } b => new Guid(b, bigEndian: true),
            _ => throw new ValidationFailedException($"A {value.GetType().Name} value cannot be used as an Iceberg uuid."),
        };
        var bytes = new byte[16];
        guid.TryWriteBytes(bytes, bigEndian: true, out _);
        return bytes;
    }

    internal static int ReadInt(ReadOnlySpan<byte> b) => BinaryPrimitives.ReadInt32LittleEndian(b);
}
