using System.Globalization;
using System.Numerics;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Arrays;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Tests.Parquet;

/// <summary>Test-side, independent readings of Arrow data: canonical row text and per-leaf value lists.</summary>
internal static class ArrowTestValues
{
    /// <summary>Each row of each column as canonical text; timestamps as nanoseconds so that s and ms compare equal.</summary>
    public static List<string> Rows(RecordBatch batch)
    {
        var rows = new List<string>(batch.Length);
        for (var i = 0; i < batch.Length; i++)
        {
            var sb = new StringBuilder();
            for (var c = 0; c < batch.ColumnCount; c++)
            {
                sb.Append(batch.Schema.FieldsList[c].Name).Append('=').Append(Canonical(batch.Column(c), i)).Append("; ");
            }

            rows.Add(sb.ToString());
        }

        return rows;
    }

    public static string Canonical(IArrowArray array, int i)
    {
        if (array.IsNull(i)) return "null";
        var inv = CultureInfo.InvariantCulture;
        switch (array)
        {
            case BooleanArray a: return a.GetValue(i)!.Value ? "true" : "false";
            case Int8Array a: return a.GetValue(i)!.Value.ToString(inv);
            case Int16Array a: return a.GetValue(i)!.Value.ToString(inv);
            case Int32Array a: return a.GetValue(i)!.Value.ToString(inv);
            case Int64Array a: return a.GetValue(i)!.Value.ToString(inv);
            case UInt8Array a: return a.GetValue(i)!.Value.ToString(inv);
            case UInt16Array a: return a.GetValue(i)!.Value.ToString(inv);
            case UInt32Array a: return a.GetValue(i)!.Value.ToString(inv);
            case UInt64Array a: return a.GetValue(i)!.Value.ToString(inv);
            case FloatArray a: return a.GetValue(i)!.Value.ToString("R", inv);
            case DoubleArray a: return a.GetValue(i)!.Value.ToString("R", inv);
            case StringArray a: return "'" + a.GetString(i) + "'";
            case BinaryArray a: return "0x" + Convert.ToHexString(a.GetBytes(i));
            case Decimal128Array a: return "d" + a.GetValue(i)!.Value.ToString(inv);
            case FixedSizeBinaryArray a: return "0x" + Convert.ToHexString(a.GetBytes(i));
            case Date32Array a: return "date" + a.Values[i].ToString(inv);
            case TimestampArray a:
            {
                var type = (TimestampType)a.Data.DataType;
                var factor = type.Unit switch { TimeUnit.Second => 1_000_000_000L, TimeUnit.Millisecond => 1_000_000L, TimeUnit.Microsecond => 1000L, _ => 1L };
                return "ts" + (new BigInteger(a.Values[i]) * factor).ToString(inv) + (string.IsNullOrEmpty(type.Timezone) ? string.Empty : "@" + type.Timezone);
            }

            case MapArray a:
            {
                var kv = (StructArray)a.KeyValues;
                var parts = new List<string>();
                for (var k = a.ValueOffsets[i]; k < a.ValueOffsets[i + 1]; k++)
                {
                    parts.Add(Canonical(kv.Fields[0], k) + ":" + Canonical(kv.Fields[1], k));
                }

                return "{" + string.Join(",", parts) + "}";
            }

            case ListArray a:
            {
                var parts = new List<string>();
                for (var k = a.ValueOffsets[i]; k < a.ValueOffsets[i + 1]; k++)
                {
                    parts.Add(Canonical(a.Values, k));
                }

                return "[" + string.Join(",", parts) + "]";
            }

            case StructArray a:
                return "(" + string.Join(",", a.Fields.Select(f => Canonical(f, i))) + ")";
            default:
                throw new NotSupportedException(array.GetType().Name);
        }
    }

    /// <summary>
    /// Every leaf's slots in Parquet's sense: one entry per value, null when the value or an ancestor is null or the
    /// enclosing list is empty. Values use the statistics conventions (long, ulong, double, string, byte[], DateOnly,
    /// raw timestamp long, decimal, bool).
    /// </summary>
    public static Dictionary<string, List<object?>> Leaves(RecordBatch batch)
    {
        var result = new Dictionary<string, List<object?>>();
        for (var c = 0; c < batch.ColumnCount; c++)
        {
            var field = batch.Schema.FieldsList[c];
            Walk(field.Name, field.DataType, batch.Column(c), Enumerable.Range(0, batch.Length).Select(i => (int?)i).ToList(), result);
        }

        return result;
    }

    private static void Walk(string path, IArrowType type, IArrowArray array, List<int?> slots, Dictionary<string, List<object?>> output)
    {
        switch (type)
        {
            case MapType:
            case ListType:
            {
                var list = (ListArray)array;
                var childSlots = new List<int?>();
                foreach (var slot in slots)
                {
                    if (slot is not { } i || list.IsNull(i) || list.ValueOffsets[i] == list.ValueOffsets[i + 1])
                    {
                        childSlots.Add(null);
                        continue;
                    }

                    for (var k = list.ValueOffsets[i]; k < list.ValueOffsets[i + 1]; k++) childSlots.Add(k);
                }

                if (type is MapType map)
                {
                    var kv = (StructArray)list.Values;
                    Walk(path + ".key_value." + map.KeyField.Name, map.KeyField.DataType, kv.Fields[0], childSlots, output);
                    Walk(path + ".key_value." + map.ValueField.Name, map.ValueField.DataType, kv.Fields[1], childSlots, output);
                }
                else
                {
                    Walk(path + ".list.element", ((ListType)type).ValueDataType, list.Values, childSlots, output);
                }

                return;
            }

            case StructType st:
            {
                var s = (StructArray)array;
                var childSlots = slots.Select(slot => slot is { } i && !s.IsNull(i) ? slot : null).ToList();
                for (var f = 0; f < st.Fields.Count; f++)
                {
                    Walk(path + "." + st.Fields[f].Name, st.Fields[f].DataType, s.Fields[f], childSlots, output);
                }

                return;
            }

            default:
                output[path] = slots.Select(slot => slot is { } i && !array.IsNull(i) ? StatValue(array, i) : null).ToList();
                return;
        }
    }

    private static object StatValue(IArrowArray array, int i) => array switch
    {
        BooleanArray a => a.GetValue(i)!.Value,
        Int8Array a => (long)a.GetValue(i)!.Value,
        Int16Array a => (long)a.GetValue(i)!.Value,
        Int32Array a => (long)a.GetValue(i)!.Value,
        Int64Array a => a.GetValue(i)!.Value,
        UInt8Array a => (long)a.GetValue(i)!.Value,
        UInt16Array a => (long)a.GetValue(i)!.Value,
        UInt32Array a => (long)a.GetValue(i)!.Value,
        UInt64Array a => a.GetValue(i)!.Value,
        FloatArray a => (double)a.GetValue(i)!.Value,
        DoubleArray a => a.GetValue(i)!.Value,
        StringArray a => a.GetString(i),
        BinaryArray a => a.GetBytes(i).ToArray(),
        Decimal128Array a => a.GetValue(i)!.Value,
        FixedSizeBinaryArray a => a.GetBytes(i).ToArray(),
        Date32Array a => DateOnly.FromDateTime(DateTime.UnixEpoch.AddDays(a.Values[i])),
        TimestampArray a => a.Values[i],
        _ => throw new NotSupportedException(array.GetType().Name),
    };

    /// <summary>Orders statistic values: strings by UTF-8 bytes, byte arrays unsigned, the rest by their natural order.</summary>
    public static int Compare(object a, object b) => (a, b) switch
    {
        (string x, string y) => Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y)),
        (byte[] x, byte[] y) => x.AsSpan().SequenceCompareTo(y),
        _ => Comparer<object>.Default.Compare(a, b),
    };

    /// <summary>Expected (min, max, nulls, count) of a leaf's slots, NaN excluded from min/max.</summary>
    public static (object? Min, object? Max, long Nulls, long Count) ExpectedStatistics(List<object?> slots)
    {
        var values = slots.Where(v => v is not null && v is not double.NaN).Select(v => v!).ToList();
        object? min = null, max = null;
        foreach (var v in values)
        {
            if (min is null || Compare(v, min) < 0) min = v;
            if (max is null || Compare(v, max) > 0) max = v;
        }

        return (min, max, slots.Count(v => v is null), slots.Count);
    }

    /// <summary>Text for comparing statistic values in assertions.</summary>
    public static string Show(object? value) => value switch
    {
        null => "null",
        byte[] b => "0x" + Convert.ToHexString(b),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        decimal m => "decimal:" + (m / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.GetType().Name + ":" + f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.GetType().Name + ":" + value,
    };
}
