using Apache.Arrow;
using Apache.Arrow.Arrays;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Parquet;

/// <summary>Min and max of a string or binary leaf in unsigned byte order (UTF-8 byte order for strings).</summary>
internal sealed class BinaryStatisticsCollector(string path, IArrowType dataType, bool isString) : ColumnStatisticsCollector(path, dataType)
{
    private byte[]? _min;
    private byte[]? _max;

    /// <inheritdoc />
    protected override void AddValues(IArrowArray array, IndexSelection selection, bool skipNulls)
    {
        for (var i = 0; i < selection.Count; i++)
        {
            var index = selection[i];
            if (skipNulls && array.IsNull(index))
            {
                continue;
            }

            var bytes = array switch
            {
                BinaryArray b => b.GetBytes(index),
                LargeBinaryArray b => b.GetBytes(index),
                FixedSizeBinaryArray b => b.GetBytes(index),
                _ => throw new InvalidOperationException($"Unexpected array {array.GetType().Name} for column {Path}."),
            };

            if (_min is null || bytes.SequenceCompareTo(_min) < 0)
            {
                _min = bytes.ToArray();
            }

            if (_max is null || bytes.SequenceCompareTo(_max) > 0)
            {
                _max = bytes.ToArray();
            }
        }
    }

    /// <inheritdoc />
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
