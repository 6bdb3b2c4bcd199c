using Apache.Arrow;
using Orasi.Connectors.DeltaLake.Scan;

namespace Orasi.Connectors.DeltaLake.ChangeDataFeed;

/// <summary>
/// Reads a Delta table's change data feed (tables with <c>delta.enableChangeDataFeed=true</c>): the rows inserted,
/// deleted and updated by each commit of a version range. Batches have the selected table columns plus
/// <c>_change_type</c> (string: <c>insert</c>, <c>delete</c>, <c>update_preimage</c>, <c>update_postimage</c>),
/// <c>_commit_version</c> (int64) and <c>_commit_timestamp</c> (timestamp[us, UTC]; the in-commit timestamp, else the
/// commitInfo timestamp, else the commit file's modification time).
/// </summary>
/// <example>
/// <code>
/// await using var table = await DeltaTable.OpenAsync("s3://lake/orders");
/// await foreach (var batch in table.ChangesAsync(fromVersion: 5))
/// {
///     // batch.Column("_change_type") ...
/// }
/// </code>
/// </example>
public static class DeltaChangeDataFeed
{
    /// <summary>Streams the changes of versions <paramref name="fromVersion"/> through <paramref name="toVersion"/> (the latest when null), inclusive.</summary>
    /// <param name="table">The open table.</param>
    /// <param name="fromVersion">The first version whose changes are returned.</param>
    /// <param name="toVersion">The last version, or null for the latest.</param>
    /// <param name="options">Columns (table columns and the three change columns, in output order), a predicate over table columns, a limit and the batch size.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <exception cref="ValidationFailedException">The range is invalid, or the change data feed was not enabled at some version in it.</exception>
    public static IAsyncEnumerable<RecordBatch> ReadAsync(DeltaTable table, long fromVersion, long? toVersion = null, DeltaScanOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        return ChangeDataReader.ReadAsync(table.Store, fromVersion, toVersion, options, cancellationToken);
    }
}
