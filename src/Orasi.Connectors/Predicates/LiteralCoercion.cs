using System.Globalization;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Predicates;

/// <summary>Converts a predicate literal to the normalized value of a column's Arrow type (see <see cref="ColumnStatistics"/>).</summary>
internal static class LiteralCoercion
{
    /// <summary>Converts <paramref name="literal"/> for comparison with values of <paramref name="type"/>.</summary>
    /// <exception cref="ValidationFailedException">The literal cannot be read as a value of the column's type.</exception>
    public static object Coerce(object literal, IArrowType type, string column)
    {
        try
        {
            var result = CoerceCore(literal, type);
            if (result is not null)
            {
                return result;
            }
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException or InvalidCastException)
        {
            throw Mismatch(literal, type, column, ex);
        }

        throw Mismatch(literal, type, column, null);
    }

    /// <summary>True when values of <paramref name="type"/> can be compared (not nested, not dictionary-encoded, not a union).</summary>
    public static bool IsComparable(IArrowType type) => type.TypeId switch
    {
        ArrowTypeId.Boolean or ArrowTypeId.Int8 or ArrowTypeId.Int16 or ArrowTypeId.Int32 or ArrowTypeId.Int64
            or ArrowTypeId.UInt8 or ArrowTypeId.UInt16 or ArrowTypeId.UInt32 or ArrowTypeId.UInt64
            or ArrowTypeId.HalfFloat or ArrowTypeId.Float or ArrowTypeId.Double or ArrowTypeId.String or ArrowTypeId.LargeString
            or ArrowTypeId.Binary or ArrowTypeId.LargeBinary or ArrowTypeId.FixedSizedBinary or ArrowTypeId.Decimal128
            or ArrowTypeId.Date32 or ArrowTypeId.Date64 or ArrowTypeId.Timestamp or ArrowTypeId.Time32 or ArrowTypeId.Time64 => true,
        _ => false,
    };

    /// <summary>True for float, double and half-float columns, where NaN makes negated comparisons unsafe to prune on.</summary>
    public static bool IsFloating(IArrowType? type) =>
        type is not null && type.TypeId is ArrowTypeId.HalfFloat or ArrowTypeId.Float or ArrowTypeId.Double;

    /// <summary>Converts a moment to the raw value of a timestamp in <paramref name="unit"/> (rounded down).</summary>
    public static long ToRawTimestamp(DateTimeOffset value, TimeUnit unit)
    {
        var ticks = value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return unit switch
        {
            TimeUnit.Second => FloorDiv(ticks, TimeSpan.TicksPerSecond),
            TimeUnit.Millisecond => FloorDiv(ticks, TimeSpan.TicksPerMillisecond),
            TimeUnit.Microsecond => FloorDiv(ticks, 10),
            _ => checked(ticks * 100),
        };
    }

    private static long FloorDiv(long a, long b) => a / b - (a % b != 0 && (a < 0) != (b < 0) ? 1 : 0);

    private static object? CoerceCore(object literal, IArrowType type)
    {
        var inv = CultureInfo.InvariantCulture;
        switch (type.TypeId)
        {
            case ArrowTypeId.Int8 or ArrowTypeId.Int16 or ArrowTypeId.Int32 or ArrowTypeId.Int64
                or ArrowTypeId.UInt8 or ArrowTypeId.UInt16 or ArrowTypeId.UInt32 or ArrowTypeId.UInt64:
                return literal switch
                {
                    string s when long.TryParse(s, NumberStyles.Integer, inv, out var l) => l,
                    string s when ulong.TryParse(s, NumberStyles.Integer, inv, out var u) => u,
                    string s => decimal.Parse(s, NumberStyles.Float, inv),
                    int or short or sbyte or byte or ushort or uint => Convert.ToInt64(literal, inv),
                    long or ulong or decimal or double or float => literal,
                    _ => null,
                };
            case ArrowTypeId.HalfFloat or ArrowTypeId.Float or ArrowTypeId.Double:
                return literal switch
                {
                    string s => double.Parse(s, NumberStyles.Float, inv),
                    _ when ValueComparer.IsNumber(literal) => Convert.ToDouble(literal, inv),
                    _ => null,
                };
            case ArrowTypeId.Decimal128 or ArrowTypeId.Decimal256:
                return literal switch
                {
                    string s => decimal.Parse(s, NumberStyles.Float, inv),
                    double or float => literal,
                    _ when ValueComparer.IsNumber(literal) => Convert.ToDecimal(literal, inv),
                    _ => null,
                };
            case ArrowTypeId.String or ArrowTypeId.LargeString:
                return literal as string;
            case ArrowTypeId.Binary or ArrowTypeId.LargeBinary or ArrowTypeId.FixedSizedBinary:
                return literal switch
                {
                    string s => ValueComparer.Utf8(s),
                    byte[] b => b,
                    _ => null,
                };
            case ArrowTypeId.Boolean:
                return literal switch
                {
                    bool b => b,
                    string s => bool.Parse(s),
                    _ => null,
                };
            case ArrowTypeId.Date32 or ArrowTypeId.Date64:
                return literal switch
                {
                    DateOnly d => d,
                    DateTime t => DateOnly.FromDateTime(t),
                    DateTimeOffset t => DateOnly.FromDateTime(t.UtcDateTime),
                    string s when DateOnly.TryParseExact(s, "yyyy-MM-dd", inv, DateTimeStyles.None, out var d) => d,
                    string s => DateOnly.FromDateTime(ParseMoment(s).UtcDateTime),
                    _ => null,
                };
            case ArrowTypeId.Timestamp:
                var unit = ((TimestampType)type).Unit;
                return literal switch
                {
                    long or int => Convert.ToInt64(literal, inv),
                    DateTimeOffset t => ToRawTimestamp(t, unit),
                    DateTime t => ToRawTimestamp(new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)), unit),
                    DateOnly d => ToRawTimestamp(new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), unit),
                    string s => ToRawTimestamp(ParseMoment(s), unit),
                    _ => null,
                };
            case ArrowTypeId.Time32 or ArrowTypeId.Time64:
                var timeUnit = ((TimeType)type).Unit;
                return literal switch
                {
                    long or int => Convert.ToInt64(literal, inv),
                    string s => ToRawTime(TimeOnly.Parse(s, inv), timeUnit),
                    TimeOnly t => ToRawTime(t, timeUnit),
                    _ => null,
                };
            default:
                return null;
        }
    }

    private static long ToRawTime(TimeOnly time, TimeUnit unit) => unit switch
    {
        TimeUnit.Second => time.Ticks / TimeSpan.TicksPerSecond,
        TimeUnit.Millisecond => time.Ticks / TimeSpan.TicksPerMillisecond,
        TimeUnit.Microsecond => time.Ticks / 10,
        _ => time.Ticks * 100,
    };

    private static DateTimeOffset ParseMoment(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static ValidationFailedException Mismatch(object literal, IArrowType type, string column, Exception? inner) =>
        new($"The literal {PredicateText.Literal(literal)} cannot be compared with column '{column}' of type {type.Name}; write a value of that type (quote strings, dates and timestamps).", inner);
}
