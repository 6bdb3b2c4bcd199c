using Apache.Arrow;
using Apache.Arrow.Arrays;

namespace Orasi.Connectors.Predicates;

/// <summary>Reads one value of an Arrow array in the normalized form described on <see cref="ColumnStatistics"/>.</summary>
internal static class ArrowValues
{
    /// <summary>The value at <paramref name="index"/>, or null when it is null.</summary>
    /// <exception cref="UnsupportedFeatureException">The array's type has no comparable values (lists, maps, structs, unions…).</exception>
    public static object? GetValue(IArrowArray array, int index, string column)
    {
        if (array.IsNull(index))
        {
            return null;
        }

        return array switch
        {
            BooleanArray a => a.GetValue(index),
            Int8Array a => (long)a.GetValue(index)!.Value,
            Int16Array a => (long)a.GetValue(index)!.Value,
            Int32Array a => (long)a.GetValue(index)!.Value,
            Int64Array a => a.GetValue(index)!.Value,
            UInt8Array a => (long)a.GetValue(index)!.Value,
            UInt16Array a => (long)a.GetValue(index)!.Value,
            UInt32Array a => (long)a.GetValue(index)!.Value,
            UInt64Array a => a.GetValue(index)!.Value,
            HalfFloatArray a => (double)a.GetValue(index)!.Value,
            FloatArray a => (double)a.GetValue(index)!.Value,
            DoubleArray a => a.GetValue(index)!.Value,
            StringArray a => a.GetString(index),
            LargeStringArray a => a.GetString(index),
            BinaryArray a => a.GetBytes(index).ToArray(),
            LargeBinaryArray a => a.GetBytes(index).ToArray(),
            Decimal128Array a => GetDecimal(a, index),
            FixedSizeBinaryArray a => a.GetBytes(index).ToArray(),
            Date32Array a => a.GetDateOnly(index)!.Value,
            Date64Array a => a.GetDateOnly(index)!.Value,
            TimestampArray a => a.Values[index],
            Time32Array a => (long)a.Values[index],
            Time64Array a => a.Values[index],
            _ => throw new UnsupportedFeatureException(
                $"Column '{column}' has type {array.Data.DataType.Name}, whose values cannot be compared; filter on a scalar column instead."),
        };
    }

    private static object GetDecimal(Decimal128Array array, int index)
    {
        try
        {
            return array.GetValue(index)!.Value;
        }
        catch (OverflowException)
        {
            // Beyond System.Decimal: compare approximately as a double.
            return array.GetSqlDecimal(index)!.Value.ToDouble();
        }
    }
}
