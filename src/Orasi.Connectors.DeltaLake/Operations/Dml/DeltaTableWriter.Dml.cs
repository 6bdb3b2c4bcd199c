using System.Runtime.CompilerServices;
using Apache.Arrow;
using Orasi.Connectors.DeltaLake.Operations.Dml;
using Orasi.Connectors.DeltaLake.Transactions;
using Orasi.Connectors.Predicates;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.DeltaLake.Operations;

/// <summary>DML by predicate: UPDATE, MERGE and DELETE with full metrics.</summary>
/// <remarks>
/// Files are rewritten copy-on-write, unless the table sets <c>delta.enableDeletionVectors=true</c> and its protocol
/// has the <c>deletionVectors</c> feature: then changed rows are marked in deletion vectors and only updated or
/// inserted rows go to new files. With <c>delta.enableChangeDataFeed=true</c> every changed row is also written to
/// <c>_change_data/</c> (see <see cref="DeltaTable.ChangesAsync"/>).
/// </remarks>
public static partial class DeltaTableWriter
{
    /// <summary>Deletes the rows matching <paramref name="predicate"/> (all rows when null) and returns row-level metrics.</summary>
    /// <param name="uri">The table location.</param>
    /// <param name="predicate">Which rows to delete, over logical column names; null deletes every row.</param>
    /// <param name="storageOptions">Object store options.</param>
    /// <param name="commitProperties">Commit options.</param>
    /// <param name="cancellationToken">Cancels the delete; nothing is committed then.</param>
    /// <exception cref="TableNotFoundException">There is no table at <paramref name="uri"/>.</exception>
    /// <exception cref="CommitConflictException">A concurrent commit touched the files this delete read.</exception>
    public static async Task<DeltaDmlResult> DeleteRowsAsync(string uri, Predicate? predicate, IReadOnlyDictionary<string, string>? storageOptions = null,
        DeltaCommitProperties? commitProperties = null, CancellationToken cancellationToken = default)
    {
        await using var store = ObjectStoreFactory.Open(uri, storageOptions);
        return await DmlOperations.DeleteAsync(store, null, predicate, commitProperties, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets columns of the rows matching <paramref name="predicate"/> (all rows when null) to new values computed from
    /// each row (<see cref="DeltaExpression"/>); nothing is committed when no row matches.
    /// </summary>
    /// <param name="uri">The table location.</param>
    /// <param name="predicate">Which rows to update, over logical column names; null updates every row.</param>
    /// <param name="set">Column name → new value.</param>
    /// <param name="storageOptions">Object store options.</param>
    /// <param name="commitProperties">Commit options.</param>
    /// <param name="cancellationToken">Cancels the update; nothing is committed then.</param>
    /// <exception cref="ValidationFailedException">A column is unknown, or a value does not fit its column.</exception>
    /// <exception cref="CommitConflictException">A concurrent commit touched the files this update read.</exception>
    public static async Task<DeltaDmlResult> UpdateAsync(string uri, Predicate? predicate, IReadOnlyDictionary<string, DeltaExpression> set,
        IReadOnlyDictionary<string, string>? storageOptions = null, DeltaCommitProperties? commitProperties = null, CancellationToken cancellationToken = default)
    {
        await using var store = ObjectStoreFactory.Open(uri, storageOptions);
        return await DmlOperations.UpdateAsync(store, null, predicate, set, commitProperties, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Merges source rows into the table by the key columns in <paramref name="options"/> (upsert and friends): matched
    /// target rows are updated or deleted, unmatched source rows inserted. The source is read into memory.
    /// </summary>
    /// <param name="uri">The table location.</param>
    /// <param name="source">The source rows (every batch with the same schema).</param>
    /// <param name="options">Keys and clauses.</param>
    /// <param name="cancellationToken">Cancels the merge; nothing is committed then.</param>
    /// <exception cref="ValidationFailedException">Options are invalid, or several source rows match one target row.</exception>
    /// <exception cref="CommitConflictException">A concurrent commit changed the table this merge read.</exception>
    public static async Task<DeltaDmlResult> MergeAsync(string uri, IAsyncEnumerable<RecordBatch> source, DeltaMergeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var store = ObjectStoreFactory.Open(uri, options.StorageOptions);
        return await DmlOperations.MergeAsync(store, null, source, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Merges in-memory source batches; see <see cref="MergeAsync(string, IAsyncEnumerable{RecordBatch}, DeltaMergeOptions, CancellationToken)"/>.</summary>
    /// <param name="uri">The table location.</param>
    /// <param name="source">The source rows.</param>
    /// <param name="options">Keys and clauses.</param>
    /// <param name="cancellationToken">Cancels the merge.</param>
    public static Task<DeltaDmlResult> MergeAsync(string uri, IEnumerable<RecordBatch> source, DeltaMergeOptions options, CancellationToken cancellationToken = default)
        => MergeAsync(uri, Enumerate(source), options, cancellationToken);

    private static async IAsyncEnumerable<RecordBatch> Enumerate(IEnumerable<RecordBatch> batches, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        foreach (var batch in batches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return batch;
            await Task.CompletedTask.ConfigureAwait(false);
        }
    }
}
