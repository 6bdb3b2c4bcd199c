using Apache.Arrow;

namespace Orasi.Connectors.Iceberg.Scan;

/// <summary>Keeps the rows of a batch selected by a mask (slicing runs and concatenating them).</summary>
internal static class BatchMask
{
    public static RecordBatch Apply(RecordBatch batch, bool[] keep)
    {
        var runs = new List<(int Start, int Length)>();
        var selected = 0;
        for (var i = 0; i < keep.Length;)
        {
            if (!keep[i])
            {
                i++;
                continue;
            }

            var start = i;
            while (i < keep.Length && keep[i]) i++;
            runs.Add((start, i - start));
            selected += i - start;
        }

        if (selected == batch.Length) return batch;
        if (runs.Count == 0) return batch.Slice(0, 0);
        if (runs.Count == 1) return batch.Slice(runs[0].Start, runs[0].Length);

        var columns = new IArrowArray[batch.ColumnCount];
        for (var c = 0; c < columns.Length; c++)
        {
            var source = batch.Column(c);
            columns[c] = ArrowArrayConcatenator.Concatenate(runs.Select(r => ArrowArrayFactory.Slice(source, r.Start, r.Length)).ToList());
        }

        return new RecordBatch(batch.Schema, columns, selected);
    }
}
