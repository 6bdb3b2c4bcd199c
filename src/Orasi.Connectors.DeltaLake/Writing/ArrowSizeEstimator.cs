using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.DeltaLake.Writing;

/// <summary>Estimates the in-memory (uncompressed) size of Arrow data, used to decide when a data file is full.</summary>
internal static class ArrowSizeEstimator
{
    /// <summary>Approximate bytes of the rows of <paramref name="batch"/>.</summary>
    public static long Estimate(RecordBatch batch)
    {
        long total = 0;
        for (var c = 0; c < batch.ColumnCount; c++)
        {
            total += Estimate(batch.Column(c).Data);
        }

        return total;
    }

    private static long Estimate(ArrayData data)
    {
        long bytes = (data.Length + 7) / 8;
        switch (data.DataType)
        {
            case StringType or BinaryType:
            {
                var offsets = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(data.Buffers[1].Span);
                if (data.Length > 0 && offsets.Length > data.Offset + data.Length)
                {
                    bytes += offsets[data.Offset + data.Length] - offsets[data.Offset];
                }

                return bytes + (4L * data.Length);
            }

            case ListType or MapType:
            {
                var offsets = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(data.Buffers[1].Span);
                bytes += 4L * data.Length;
                if (data.Length > 0 && offsets.Length > data.Offset + data.Length)
                {
                    var start = offsets[data.Offset];
                    var end = offsets[data.Offset + data.Length];
                    var child = data.Children[0];
                    var full = Estimate(child);
                    bytes += child.Length == 0 ? 0 : full * (end - start) / child.Length;
                }

                return bytes;
            }

            case StructType:
                return bytes + data.Children.Sum(Estimate);
            case FixedWidthType fixedWidth:
                return bytes + ((long)data.Length * fixedWidth.BitWidth / 8);
            default:
                return bytes + (8L * data.Length);
        }
    }
}
