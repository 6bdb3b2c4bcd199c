using Orasi.Connectors.Predicates;

namespace Orasi.Connectors.Parquet;

/// <summary>One row group of a Parquet file as its footer describes it.</summary>
/// <param name="Index">The row group's position in the file, from 0.</param>
/// <param name="RowCount">Rows in the row group.</param>
/// <param name="TotalByteSize">Uncompressed size of the row group's data in bytes.</param>
/// <param name="Columns">Footer statistics of every leaf column (see <see cref="ColumnStatistics"/> for the value types).</param>
public sealed record ParquetRowGroupInfo(int Index, long RowCount, long TotalByteSize, IReadOnlyList<ColumnStatistics> Columns)
    : IStatisticsProvider
{
    /// <inheritdoc />
    public ColumnStatistics? GetColumnStatistics(string columnPath) =>
        Columns.FirstOrDefault(c => string.Equals(c.Path, columnPath, StringComparison.Ordinal));
}
