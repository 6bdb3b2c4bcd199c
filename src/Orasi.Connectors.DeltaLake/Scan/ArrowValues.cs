using System.Data.SqlTypes;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.DeltaLake.Scan;

/// <summary>
/// Reads scalar Arrow values into one normalized .NET form per kind, for casting: integers as <see cref="long"/>,
/// floats as <see cref="double"/>, decimals as <see cref="decimal"/> (or <see cref="SqlDecimal"/> beyond 28 digits),
/// dates as <see cref="DateOnly"/>, timestamps as <see cref="TimestampMicros"/>, strings, byte arrays and booleans.
/// </summary>
internal static class ArrowValues
{
    /// <summary>A reader of the value at an index (null for a null slot).</summary>
    public static Func<int, object?> Reader(IArrowArray array, string column)
    {
        ArgumentNullException.ThrowIfNull(array);
        return array switch
        {
            Int8Array a => i => a.GetValue(i) is { } v ? (long)v : null,
            Int16Array a => i => a.GetValue(i) is { } v ? (long)v : null,
            Int32Array a => i => a.GetValue(i) is { } v ? (long)v : null,
            Int64Array a => i => a.GetValue(i) is { } v ? v : null,
            UInt8Array a => i => a.GetValue(i) is { } v ? (long)v : null,
            UInt16Array a => i => a.GetValue(i) is { } v ? (long)v : null,
            UInt32Array a => i => a.GetValue(i) is { } v ? (long)v : null,
            UInt64Array a => i => a.GetValue(i) is { } v ? checked((long)v) : null,
            FloatArray a => i => a.GetValue(i) is { } v ? (double)v : null,
            DoubleArray a => i => a.GetValue(i) is { } v ? v : null,
            HalfFloatArray a => i => a.GetValue(i) is { } v ? (double)v : null,
            Decimal128Array a => i => a.IsNull(i) ? null : DecimalValue(() => a.GetValue(i), () => a.GetSqlDecimal(i)),
            Decimal256Array a => i => a.IsNull(i) ? null : DecimalValue(() => a.GetValue(i), () => SqlDecimal.Parse(a.GetString(i)!)),
            StringArray a => i => a.IsNull(i) ? null : a.GetString(i),
            LargeStringArray a => i => a.IsNull(i) ? null : a.GetString(i),
            BinaryArray a => i => a.IsNull(i) ? null : a.GetBytes(i).ToArray(),
            LargeBinaryArray a => i => a.IsNull(i) ? null : a.GetBytes(i).ToArray(),
            Apache.Arrow.Arrays.FixedSizeBinaryArray a => i => a.IsNull(i) ? null : a.GetBytes(i).ToArray(),
            BooleanArray a => i => a.GetValue(i) is { } v ? v : null,
            Date32Array a => i => a.GetDateOnly(i) is { } v ? v : null,
            Date64Array a => i => a.GetDateOnly(i) is { } v ? v : null,
            TimestampArray a => TimestampReader(a),
            NullArray => _ => null,
            DictionaryArray d => DictionaryReader(d, column),
            _ => throw new UnsupportedFeatureException($"The column '{column}' is stored as Arrow type {array.Data.DataType.Name}, which cannot be converted to the table's type yet."),
        };
    }

    private static object DecimalValue(Func<decimal?> value, Func<SqlDecimal?> sql)
    {
        try
        {
            return value()!.Value;
        }
        catch (OverflowException)
        {
            return sql()!.Value;
        }
    }

    private static Func<int, object?> TimestampReader(TimestampArray array)
    {
        var unit = ((TimestampType)array.Data.DataType).Unit;
        return i =>
        {
            if (array.IsNull(i))
            {
                return null;
            }

            var raw = array.Values[i];
            return new TimestampMicros(unit switch
            {
                TimeUnit.Second => raw * 1_000_000,
                TimeUnit.Millisecond => raw * 1000,
                TimeUnit.Microsecond => raw,
                _ => Math.DivRem(raw, 1000) is var (q, r) && r < 0 ? q - 1 : q,
            });
        };
    }

    private static Func<int, object?> DictionaryReader(DictionaryArray array, string column)
    {
        var values = Reader(array.Dictionary, column);
        var indices = Reader(array.Indices, column);
        return i => indices(i) is long index ? values((int)index) : null;
    }
}
