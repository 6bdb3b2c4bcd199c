using System.Numerics;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Parquet;

/// <summary>Min and max of a fixed-width numeric leaf (integers, floats, dates, timestamps, times); NaN is skipped.</summary>
/// <typeparam name="T">The array's value type.</typeparam>
internal sealed class NumericStatisticsCollector<T>(string path, IArrowType dataType, Func<T, object> normalize)
    : ColumnStatisticsCollector(path, dataType)
    where T : struct, INumber<T>
{
    private bool _any;
    private T _min;
    private T _max;

    /// <inheritdoc />
    protected override void AddValues(IArrowArray array, IndexSelection selection, bool skipNulls)
    {
        var values = ((PrimitiveArray<T>)array).Values;
        var any = _any;
        var min = _min;
        var max = _max;
        if (selection.IsContiguous && !skipNulls)
        {
            foreach (var v in values.Slice(selection.Start, selection.Count))
            {
                if (T.IsNaN(v))
                {
                    continue;
                }

                if (!any)
                {
                    min = max = v;
                    any = true;
                }
                else if (v < min)
                {
                    min = v;
                }
                else if (v > max)
                {
                    max = v;
                }
            }
        }
        else
        {
            for (var i = 0; i < selection.Count; i++)
            {
                var index = selection[i];
                if (skipNulls && array.IsNull(index))
                {
                    continue;
                }

                var v = values[index];
                if (T.IsNaN(v))
                {
                    continue;
                }

                if (!any)
                {
                    min = max = v;
                    any = true;
                }
                else if (v < min)
                {
                    min = v;
                }
                else if (v > max)
                {
                    max = v;
                }
            }
        }

        _any = any;
        _min = min;
        _max = max;
    }

    /// <inheritdoc />
    protected override (object? Min, object? Max) MinMax() => _any ? (normalize(_min), normalize(_max)) : (null, null);
}
