using Orasi.Connectors.Predicates;

namespace Orasi.Connectors.Parquet;

/// <summary>What <see cref="ParquetBatchWriter.CompleteAsync"/> wrote: counts, size and per-leaf-column statistics.</summary>
/// <param name="RowCount">Rows written.</param>
/// <param name="RowGroupCount">Row groups written.</param>
/// <param name="BytesWritten">The size of the file in bytes.</param>
/// <param name="Columns">Statistics of every leaf column, in schema order (see <see cref="ColumnStatistics"/> for the value types).</param>
public sealed record ParquetFileSummary(long RowCount, int RowGroupCount, long BytesWritten, IReadOnlyList<ColumnStatistics> Columns)
    : IStatisticsProvider
{
    /// <inheritdoc />
    public ColumnStatistics? GetColumnStatistics(string columnPath) =>
        Columns.FirstOrDefault(c => string.Equals(c.Path, columnPath, StringComparison.Ordinal));
}
