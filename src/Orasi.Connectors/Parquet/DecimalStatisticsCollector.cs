using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Parquet;

/// <summary>Min and max of a decimal128 leaf as <see cref="decimal"/>; gives up (no min/max) when a value does not fit.</summary>
internal sealed class DecimalStatisticsCollector(string path, IArrowType dataType) : ColumnStatisticsCollector(path, dataType)
{
    private decimal? _min;
    private decimal? _max;
    private bool _overflow;

    /// <inheritdoc />
    protected override void AddValues(IArrowArray array, IndexSelection selection, bool skipNulls)
    {
        if (_overflow)
        {
            return;
        }

        var decimals = (Decimal128Array)array;
        for (var i = 0; i < selection.Count; i++)
        {
            var index = selection[i];
            if (skipNulls && decimals.IsNull(index))
            {
                continue;
            }

            decimal value;
            try
            {
                value = decimals.GetValue(index)!.Value;
            }
            catch (OverflowException)
            {
                _overflow = true;
                return;
            }

            if (_min is null || value < _min)
            {
                _min = value;
            }

            if (_max is null || value > _max)
            {
                _max = value;
            }
        }
    }

    /// <inheritdoc />
    protected override (object? Min, object? Max) MinMax() =>
        _overflow || _min is null ? (null, null) : (_min.Value, _max!.Value);
}
