using System.Data.SqlTypes;
using System.Globalization;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.DeltaLake.Tests.Support;

/// <summary>
/// Turns Arrow rows into canonical strings so that equivalent values in different Arrow types compare equal:
/// integers by value, floats round-trip formatted (NaN as NaN), decimals by value (trailing zeros dropped),
/// timestamps as UTC microseconds whatever their unit, dates as ISO dates, strings and binary tagged, and structs,
/// lists and maps recursively. Columns are keyed by lower-cased name and sorted, so column order does not matter.
/// </summary>
internal static class RowCanonicalizer
{
    public static List<string> Rows(IEnumerable<RecordBatch> batches)
    {
        var rows = new List<string>();
        foreach (var batch in batches)
        {
            var names = batch.Schema.FieldsList.Select(f => f.Name.ToLowerInvariant()).ToArray();
            var order = Enumerable.Range(0, names.Length).OrderBy(i => names[i], StringComparer.Ordinal).ToArray();
            for (var r = 0; r < batch.Length; r++)
            {
                var sb = new StringBuilder();
                foreach (var c in order)
                {
                    sb.Append(names[c]).Append('=');
                    Append(sb, batch.Column(c), r);
                    sb.Append(" | ");
                }

                rows.Add(sb.ToString());
            }
        }

        return rows;
    }

    public static List<RecordBatch> ReadParquetDataset(string directory)
    {
        var batches = new List<RecordBatch>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            using var reader = new ParquetSharp.Arrow.FileReader(file);
            using var stream = reader.GetRecordBatchReader();
            while (stream.ReadNextRecordBatchAsync().AsTask().GetAwaiter().GetResult() is { } batch)
            {
                batches.Add(batch);
            }
        }

        return batches;
    }

    public static string Value(IArrowArray array, int index)
    {
        var sb = new StringBuilder();
        Append(sb, array, index);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, IArrowArray array, int i)
    {
        var inv = CultureInfo.InvariantCulture;
        if (array is not NullArray && array.IsNull(i))
        {
            sb.Append("null");
            return;
        }

        switch (array)
        {
            case NullArray:
                sb.Append("null");
                break;
            case Int8Array a: sb.Append(a.GetValue(i)!.Value.ToString(inv)); break;
            case Int16Array a: sb.Append(a.GetValue(i)!.Value.ToString(inv)); break;
            case Int32Array a: sb.Append(a.GetValue(i)!.Value.ToString(inv)); break;
            case Int64Array a: sb.Append(a.GetValue(i)!.Value.ToString(inv)); break;
            case UInt8Array a: sb.Append(a.GetValue(i)!.Value.ToString(inv)); break;
            case UInt16Array a: sb.Append(a.GetValue(i)!.Value.ToString(inv)); break;
            case UInt32Array a: sb.Append(a.GetValue(i)!.Value.ToString(inv)); break;
            case UInt64Array a: sb.Append(a.GetValue(i)!.Value.ToString(inv)); break;
            case FloatArray a: sb.Append("f:").Append(Float(a.GetValue(i)!.Value)); break;
            case DoubleArray a: sb.Append("f:").Append(Float(a.GetValue(i)!.Value)); break;
            case Decimal128Array a: sb.Append("d:").Append(DecimalText(a.GetSqlDecimal(i)!.Value)); break;
            case BooleanArray a: sb.Append(a.GetValue(i)!.Value ? "true" : "false"); break;
            case StringArray a: sb.Append("s:").Append(a.GetString(i)); break;
            case LargeStringArray a: sb.Append("s:").Append(a.GetString(i)); break;
            case BinaryArray a: sb.Append("b:").Append(Convert.ToHexString(a.GetBytes(i))); break;
            case Apache.Arrow.Arrays.FixedSizeBinaryArray a: sb.Append("b:").Append(Convert.ToHexString(a.GetBytes(i))); break;
            case Date32Array a: sb.Append("date:").Append(a.GetDateOnly(i)!.Value.ToString("yyyy-MM-dd", inv)); break;
            case Date64Array a: sb.Append("date:").Append(a.GetDateOnly(i)!.Value.ToString("yyyy-MM-dd", inv)); break;
            case TimestampArray a:
            {
                var raw = a.Values[i];
                var micros = ((TimestampType)a.Data.DataType).Unit switch
                {
                    TimeUnit.Second => raw * 1_000_000,
                    TimeUnit.Millisecond => raw * 1000,
                    TimeUnit.Microsecond => raw,
                    _ => (long)Math.Floor(raw / 1000.0),
                };
                sb.Append("ts:").Append(micros.ToString(inv));
                break;
            }

            case DictionaryArray d:
            {
                var index = d.Indices switch
                {
                    Int8Array x => x.GetValue(i)!.Value,
                    Int16Array x => x.GetValue(i)!.Value,
                    Int32Array x => x.GetValue(i)!.Value,
                    Int64Array x => (int)x.GetValue(i)!.Value,
                    _ => throw new NotSupportedException(d.Indices.GetType().Name),
                };
                Append(sb, d.Dictionary, index);
                break;
            }

            case StructArray s:
            {
                sb.Append('{');
                var fields = ((StructType)s.Data.DataType).Fields;
                for (var f = 0; f < s.Fields.Count; f++)
                {
                    var child = s.Fields[f];
                    if (child.Length != s.Length)
                    {
                        child = ArrowArrayFactory.Slice(child, s.Offset, s.Length);
                    }

                    sb.Append(fields[f].Name.ToLowerInvariant()).Append(':');
                    Append(sb, child, i);
                    sb.Append(',');
                }

                sb.Append('}');
                break;
            }

            case MapArray m:
            {
                var start = m.ValueOffsets[i];
                var end = m.ValueOffsets[i + 1];
                var entries = new List<string>();
                for (var k = start; k < end; k++)
                {
                    entries.Add(Value(m.Keys, k) + "->" + Value(m.Values, k));
                }

                entries.Sort(StringComparer.Ordinal);
                sb.Append("map[").Append(string.Join(", ", entries)).Append(']');
                break;
            }

            case ListArray l:
            {
                var start = l.ValueOffsets[i];
                var end = l.ValueOffsets[i + 1];
                sb.Append('[');
                for (var k = start; k < end; k++)
                {
                    Append(sb, l.Values, k);
                    sb.Append(',');
                }

                sb.Append(']');
                break;
            }

            default:
                throw new NotSupportedException($"No canonical form for Arrow type {array.Data.DataType.Name}.");
        }
    }

    private static string Float(double value) =>
        double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Float(float value) =>
        float.IsNaN(value) ? "NaN" : ((double)value).ToString("R", CultureInfo.InvariantCulture);

    private static string DecimalText(SqlDecimal value)
    {
        var text = value.ToString();
        if (text.Contains('.', StringComparison.Ordinal))
        {
            text = text.TrimEnd('0').TrimEnd('.');
        }

        return text == "-0" ? "0" : text;
    }
}
