using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Parquet;

/// <summary>Counts values and nulls of a leaf whose values have no meaningful order.</summary>
internal sealed class CountOnlyStatisticsCollector(string path, IArrowType dataType) : ColumnStatisticsCollector(path, dataType)
{
    /// <inheritdoc />
    protected override void AddValues(IArrowArray array, IndexSelection selection, bool skipNulls)
    {
    }

    /// <inheritdoc />
    protected override (object? Min, object? Max) MinMax() => (null, null);
}
