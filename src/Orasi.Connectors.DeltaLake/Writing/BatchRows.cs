using Apache.Arrow;

namespace Orasi.Connectors.DeltaLake.Writing;

/// <summary>Selects rows of a record batch by index (slices of consecutive runs, concatenated).</summary>
internal static class BatchRows
{
    /// <summary>The rows at <paramref name="indices"/> of <paramref name="batch"/>, in that order (repeats allowed).</summary>
    public static RecordBatch Take(RecordBatch batch, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(indices);

        var runs = new List<(int Start, int Length)>();
        for (var i = 0; i < indices.Count;)
        {
            var start = indices[i];
            var length = 1;
            while (i + length < indices.Count && indices[i + length] == start + length)
            {
                length++;
            }

            runs.Add((start, length));
            i += length;
        }

        if (runs.Count == 0)
        {
            return batch.Slice(0, 0);
        }

        if (runs.Count == 1)
        {
            return runs[0].Start == 0 && runs[0].Length == batch.Length ? batch : batch.Slice(runs[0].Start, runs[0].Length);
        }

        var columns = new IArrowArray[batch.ColumnCount];
        for (var c = 0; c < columns.Length; c++)
        {
            var source = batch.Column(c);
            columns[c] = ArrowArrayConcatenator.Concatenate(runs.Select(r => ArrowArrayFactory.Slice(source, r.Start, r.Length)).ToList());
        }

        return new RecordBatch(batch.Schema, columns, indices.Count);
    }

    /// <summary>The rows where <paramref name="mask"/> is (or is not, with <paramref name="keep"/> false) true.</summary>
    public static RecordBatch Where(RecordBatch batch, bool?[] mask, bool keep)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var indices = new List<int>(mask.Length);
        for (var i = 0; i < mask.Length; i++)
        {
            if ((mask[i] == true) == keep)
            {
                indices.Add(i);
            }
        }

        return Take(batch, indices);
    }
}
