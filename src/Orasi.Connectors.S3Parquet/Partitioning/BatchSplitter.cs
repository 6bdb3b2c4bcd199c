using Apache.Arrow;

namespace Orasi.Connectors.S3Parquet.Partitioning;

/// <summary>Gathers the rows of each partition of a batch into one batch: zero-copy slices for contiguous runs, concatenated slices otherwise.</summary>
internal static class BatchSplitter
{
    /// <summary>One batch per partition id; <c>Owned</c> is true when the batch has its own buffers (dispose it after use).</summary>
    public static IEnumerable<(int Partition, RecordBatch Batch, bool Owned)> Split(RecordBatch batch, int[] rowPartitions, int partitionCount)
    {
        if (partitionCount == 1)
        {
            yield return (0, batch, false);
            yield break;
        }

        var runs = new List<(int Start, int Length)>[partitionCount];
        for (var i = 0; i < partitionCount; i++)
        {
            runs[i] = [];
        }

        for (var row = 0; row < rowPartitions.Length;)
        {
            var id = rowPartitions[row];
            var start = row;
            while (row < rowPartitions.Length && rowPartitions[row] == id)
            {
                row++;
            }

            runs[id].Add((start, row - start));
        }

        for (var id = 0; id < partitionCount; id++)
        {
            var partRuns = runs[id];
            if (partRuns.Count == 1)
            {
                yield return (id, batch.Slice(partRuns[0].Start, partRuns[0].Length), false);
                continue;
            }

            var length = partRuns.Sum(r => r.Length);
            var columns = new IArrowArray[batch.ColumnCount];
            for (var c = 0; c < columns.Length; c++)
            {
                var source = batch.Column(c);
                columns[c] = ArrowArrayConcatenator.Concatenate(partRuns.Select(r => ArrowArrayFactory.Slice(source, r.Start, r.Length)).ToList());
            }

            yield return (id, new RecordBatch(batch.Schema, columns, length), true);
        }
    }
}
