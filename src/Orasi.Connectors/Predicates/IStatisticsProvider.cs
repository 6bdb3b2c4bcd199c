namespace Orasi.Connectors.Predicates;

/// <summary>Gives column statistics (a file's, a row group's) to <see cref="Predicate.CanMatch"/>.</summary>
public interface IStatisticsProvider
{
    /// <summary>Returns the statistics of the column at <paramref name="columnPath"/> (a top-level name or a dotted struct path), or null when none are known.</summary>
    ColumnStatistics? GetColumnStatistics(string columnPath);
}
