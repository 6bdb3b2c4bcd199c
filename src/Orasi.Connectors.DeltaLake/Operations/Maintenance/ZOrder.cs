using Apache.Arrow;
using Orasi.Connectors.DeltaLake.Scan;

namespace Orasi.Connectors.DeltaLake.Operations.Maintenance;

/// <summary>
/// Z-order (Morton) sorting of rows: each Z-order column is normalized to its dense rank among the column's distinct
/// values (nulls first), scaled to the same number of bits, and the bits of all columns are interleaved, most
/// significant first; sorting rows by that value keeps rows close in every column close together, so files written
/// in that order have narrow min/max ranges on all the columns at once.
/// </summary>
internal static class ZOrder
{
    /// <summary>The row order (a permutation of <c>0..batch.Length-1</c>) that sorts <paramref name="batch"/> by Z-value; ties keep their order.</summary>
    public static int[] Order(RecordBatch batch, IReadOnlyList<int> columns)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(columns);
        var n = batch.Length;
        var k = columns.Count;
        if (k == 0 || k > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(columns), "Z-order needs between 1 and 64 columns.");
        }

        var bits = Math.Min(32, 64 / k);
        var scaled = new ulong[k][];
        for (var c = 0; c < k; c++)
        {
            scaled[c] = ScaledRanks(batch.Column(columns[c]), batch.Schema.FieldsList[columns[c]].Name, bits);
        }

        var z = new ulong[n];
        for (var i = 0; i < n; i++)
        {
            ulong value = 0;
            for (var b = bits - 1; b >= 0; b--)
            {
                for (var c = 0; c < k; c++)
                {
                    value = (value << 1) | ((scaled[c][i] >> b) & 1UL);
                }
            }

            z[i] = value;
        }

        var order = Enumerable.Range(0, n).ToArray();
        System.Array.Sort(order, (a, b) =>
        {
            var cmp = z[a].CompareTo(z[b]);
            return cmp != 0 ? cmp : a.CompareTo(b);
        });
        return order;
    }

    /// <summary>Each row's dense rank in the column scaled to [0, 2^bits - 1].</summary>
    private static ulong[] ScaledRanks(IArrowArray array, string column, int bits)
    {
        var n = array.Length;
        var read = ArrowValues.Reader(array, column);
        var values = new object?[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = read(i);
        }

        var indices = Enumerable.Range(0, n).ToArray();
        System.Array.Sort(indices, (a, b) => CompareValues(values[a], values[b]));
        var ranks = new long[n];
        long rank = 0;
        for (var i = 0; i < n; i++)
        {
            if (i > 0 && CompareValues(values[indices[i - 1]], values[indices[i]]) != 0)
            {
                rank++;
            }

            ranks[indices[i]] = rank;
        }

        var max = (ulong)rank;
        var top = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        var result = new ulong[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = max == 0 ? 0 : (ulong)((UInt128)(ulong)ranks[i] * top / max);
        }

        return result;
    }

    /// <summary>Orders values of one column: nulls first, then by the value's natural order (bytes lexicographically).</summary>
    internal static int CompareValues(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return (a is null ? 0 : 1) - (b is null ? 0 : 1);
        }

        if (a is byte[] x && b is byte[] y)
        {
            return x.AsSpan().SequenceCompareTo(y);
        }

        if (a is string s && b is string t)
        {
            return string.CompareOrdinal(s, t);
        }

        if (a is IComparable comparable && a.GetType() == b.GetType())
        {
            return comparable.CompareTo(b);
        }

        return string.CompareOrdinal(Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture), Convert.ToString(b, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The rows <c>order[start..start+count]</c> of <paramref name="batch"/>, in that order.</summary>
    public static RecordBatch Take(RecordBatch batch, int[] order, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(order);
        var runs = new List<(int Start, int Length)>();
        for (var i = start; i < start + count;)
        {
            var first = order[i];
            var length = 1;
            while (i + length < start + count && order[i + length] == first + length)
            {
                length++;
            }

            runs.Add((first, length));
            i += length;
        }

        if (runs.Count == 1)
        {
            return batch.Slice(runs[0].Start, runs[0].Length);
        }

        var columns = new IArrowArray[batch.ColumnCount];
        for (var c = 0; c < columns.Length; c++)
        {
            var source = batch.Column(c);
            columns[c] = ArrowArrayConcatenator.Concatenate(runs.Select(r => ArrowArrayFactory.Slice(source, r.Start, r.Length)).ToList());
        }

        return new RecordBatch(batch.Schema, columns, count);
    }

    /// <summary>Concatenates batches of one schema into one batch.</summary>
    public static RecordBatch Concatenate(IReadOnlyList<RecordBatch> batches, Schema schema)
    {
        ArgumentNullException.ThrowIfNull(batches);
        if (batches.Count == 1)
        {
            return batches[0];
        }

        var length = batches.Sum(b => b.Length);
        var columns = new IArrowArray[schema.FieldsList.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = batches.Count == 0
                ? NullArrays.Create(schema.FieldsList[c].DataType, 0)
                : ArrowArrayConcatenator.Concatenate(batches.Select(b => b.Column(c)).ToList());
        }

        return new RecordBatch(schema, columns, length);
    }
}
