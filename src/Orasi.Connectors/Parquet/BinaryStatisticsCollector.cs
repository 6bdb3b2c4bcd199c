using Apache.Arrow;
using Apache.Arrow.Arrays;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Parquet;

/// <summary>Min/max of string and binary columns in byte order (UTF-8 byte order for strings, as Parquet orders them).</summary>
internal sealed class BinaryStatisticsCollector(string path, IArrowType dataType, bool isString) : ColumnStatisticsCollector(path, dataType)
{
    private byte[]? _min;
    private byte[]? _max;

    protected override void AddValues(IArrowArray array, IndexSelection selection, bool skipNulls)
    {
        // Dispatch on the array type once per call, then walk the raw offsets and value bytes.
        switch (array)
        {
            case BinaryArray binary:
            {
                var offsets = binary.ValueOffsets;
                var data = binary.ValueBuffer.Span;
                for (var i = 0; i < selection.Count; i++)
                {
                    var index = selection[i];
                    if (skipNulls && binary.IsNull(index))
                    {
                        continue;
                    }

                    Observe(data[offsets[index]..offsets[index + 1]]);
                }

                break;
            }

            case FixedSizeBinaryArray fixedSize:
            {
                var width = ((FixedSizeBinaryType)fixedSize.Data.DataType).ByteWidth;
                var data = fixedSize.ValueBuffer.Span[(fixedSize.Offset * width)..];
                for (var i = 0; i < selection.Count; i++)
                {
                    var index = selection[i];
                    if (skipNulls && fixedSize.IsNull(index))
                    {
                        continue;
                    }

                    Observe(data.Slice(index * width, width));
                }

                break;
            }

            case LargeBinaryArray large:
            {
                for (var i = 0; i < selection.Count; i++)
                {
                    var index = selection[i];
                    if (skipNulls && large.IsNull(index))
                    {
                        continue;
                    }

                    Observe(large.GetBytes(index));
                }

                break;
            }

            default:
                throw new InvalidOperationException($"Unexpected array {array.GetType().Name} for column {Path}.");
        }
    }

    private void Observe(ReadOnlySpan<byte> bytes)
    {
        if (_min is null || bytes.SequenceCompareTo(_min) < 0)
        {
            _min = bytes.ToArray();
        }

        if (_max is null || bytes.SequenceCompareTo(_max) > 0)
        {
            _max = bytes.ToArray();
        }
    }

    protected override (object? Min, object? Max) MinMax()
    {
        if (_min is null || _max is null)
        {
            return (null, null);
        }

        return isString
            ? (System.Text.Encoding.UTF8.GetString(_min), System.Text.Encoding.UTF8.GetString(_max))
            : (_min, _max);
    }
}
