using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Parquet;

/// <summary>Min and max of a boolean leaf (false &lt; true).</summary>
internal sealed class BooleanStatisticsCollector(string path, IArrowType dataType) : ColumnStatisticsCollector(path, dataType)
{
    private bool _sawFalse;
    private bool _sawTrue;

    /// <inheritdoc />
    protected override void AddValues(IArrowArray array, IndexSelection selection, bool skipNulls)
    {
        var booleans = (BooleanArray)array;
        for (var i = 0; i < selection.Count && !(_sawFalse && _sawTrue); i++)
        {
            var index = selection[i];
            if (skipNulls && booleans.IsNull(index))
            {
                continue;
            }

            if (booleans.GetValue(index) == true)
            {
                _sawTrue = true;
            }
            else
            {
                _sawFalse = true;
            }
        }
    }

    /// <inheritdoc />
    protected override (object? Min, object? Max) MinMax() =>
        _sawFalse || _sawTrue ? (!_sawFalse, _sawTrue) : (null, null);
}
