using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.Predicates;

namespace Orasi.Connectors.Parquet;

/// <summary>
/// Accumulates min, max, null count and value count of one leaf column from the Arrow arrays as they are written.
/// Subclasses handle one family of types; values follow the conventions of <see cref="ColumnStatistics"/>.
/// </summary>
internal abstract class ColumnStatisticsCollector
{
    /// <summary>Creates a collector for the leaf at <paramref name="path"/>.</summary>
    protected ColumnStatisticsCollector(string path, IArrowType dataType)
    {
        Path = path;
        DataType = dataType;
    }

    /// <summary>The dotted Parquet path of the leaf.</summary>
    public string Path { get; }

    /// <summary>The leaf's Arrow type.</summary>
    public IArrowType DataType { get; }

    /// <summary>Nulls seen, including values that are null because a parent struct or list is null or empty.</summary>
    public long NullCount { get; private set; }

    /// <summary>Values seen, null or not (Parquet's count of levels).</summary>
    public long ValueCount { get; private set; }

    /// <summary>Counts <paramref name="count"/> values that are null because an ancestor is null or empty.</summary>
    public void AddAncestorNulls(long count)
    {
        NullCount += count;
        ValueCount += count;
    }

    /// <summary>Adds the selected positions of <paramref name="array"/>.</summary>
    public void Add(IArrowArray array, IndexSelection selection)
    {
        ValueCount += selection.Count;
        if (array.NullCount == 0)
        {
            AddValues(array, selection, skipNulls: false);
            return;
        }

        long nulls = 0;
        for (var i = 0; i < selection.Count; i++)
        {
            if (array.IsNull(selection[i]))
            {
                nulls++;
            }
        }

        NullCount += nulls;
        if (nulls < selection.Count)
        {
            AddValues(array, selection, skipNulls: true);
        }
    }

    /// <summary>The statistics gathered so far.</summary>
    public ColumnStatistics ToStatistics()
    {
        var (min, max) = MinMax();
        return new ColumnStatistics(Path)
        {
            DataType = DataType,
            Min = min,
            Max = max,
            NullCount = NullCount,
            ValueCount = ValueCount,
        };
    }

    /// <summary>Folds the non-null selected values into the running min and max.</summary>
    protected abstract void AddValues(IArrowArray array, IndexSelection selection, bool skipNulls);

    /// <summary>The normalized min and max, or nulls when no non-null value was seen or the type has none.</summary>
    protected abstract (object? Min, object? Max) MinMax();
}
