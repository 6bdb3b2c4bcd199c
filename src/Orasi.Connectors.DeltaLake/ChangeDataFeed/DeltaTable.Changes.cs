using Apache.Arrow;
using Orasi.Connectors.DeltaLake.ChangeDataFeed;
using Orasi.Connectors.DeltaLake.Scan;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.DeltaLake;

/// <summary>Change data feed reads of an open table.</summary>
public sealed partial class DeltaTable
{
    /// <summary>The table's object store.</summary>
    internal IObjectStore Store => _store;

    /// <summary>
    /// Streams the change data feed of versions <paramref name="fromVersion"/> through <paramref name="toVersion"/> (the
    /// latest when null): table columns plus <c>_change_type</c>, <c>_commit_version</c> and <c>_commit_timestamp</c>;
    /// see <see cref="DeltaChangeDataFeed"/>.
    /// </summary>
    /// <param name="fromVersion">The first version whose changes are returned.</param>
    /// <param name="toVersion">The last version, or null for the latest.</param>
    /// <param name="options">Columns, predicate, limit and batch size.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <exception cref="ValidationFailedException">The range is invalid, or the change data feed was not enabled at some version in it.</exception>
    public IAsyncEnumerable<RecordBatch> ChangesAsync(long fromVersion, long? toVersion = null, DeltaScanOptions? options = null, CancellationToken cancellationToken = default) =>
        DeltaChangeDataFeed.ReadAsync(this, fromVersion, toVersion, options, cancellationToken);
}
