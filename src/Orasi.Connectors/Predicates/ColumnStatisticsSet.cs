namespace Orasi.Connectors.Predicates;

/// <summary>An <see cref="IStatisticsProvider"/> over a fixed list of column statistics, looked up by exact path.</summary>
public sealed class ColumnStatisticsSet : IStatisticsProvider
{
    private readonly Dictionary<string, ColumnStatistics> _byPath;

    /// <summary>Creates the set; a later entry with the same path replaces an earlier one.</summary>
    public ColumnStatisticsSet(IEnumerable<ColumnStatistics> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _byPath = new Dictionary<string, ColumnStatistics>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            _byPath[column.Path] = column;
        }
    }

    /// <summary>The statistics in the set.</summary>
    public IReadOnlyCollection<ColumnStatistics> Columns => _byPath.Values;

    /// <inheritdoc />
    public ColumnStatistics? GetColumnStatistics(string columnPath) =>
        _byPath.TryGetValue(columnPath, out var stats) ? stats : null;
}
