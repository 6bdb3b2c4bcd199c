using System.Globalization;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.DeltaLake.Transactions;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.DeltaLake.Operations.Maintenance;

/// <summary>An OPTIMIZE whose new files are written and whose transaction is staged but not yet committed.</summary>
internal sealed class PreparedOptimize
{
    private readonly IObjectStore _store;

    public PreparedOptimize(IObjectStore store, DeltaTransaction transaction, IReadOnlyList<AddFile> added, IReadOnlyList<AddFile> removed,
        int partitionsOptimized, int totalConsideredFiles, long rowsWritten)
    {
        _store = store;
        Transaction = transaction;
        Added = added;
        Removed = removed;
        PartitionsOptimized = partitionsOptimized;
        TotalConsideredFiles = totalConsideredFiles;
        RowsWritten = rowsWritten;
    }

    /// <summary>The staged transaction (removes and adds, dataChange=false).</summary>
    public DeltaTransaction Transaction { get; }

    /// <summary>The files written.</summary>
    public IReadOnlyList<AddFile> Added { get; }

    /// <summary>The files replaced.</summary>
    public IReadOnlyList<AddFile> Removed { get; }

    /// <summary>Partitions in which files were rewritten.</summary>
    public int PartitionsOptimized { get; }

    /// <summary>Files in the selected partitions.</summary>
    public int TotalConsideredFiles { get; }

    /// <summary>Rows written.</summary>
    public long RowsWritten { get; }

    /// <summary>Commits; on failure the written files are deleted (best effort) and the error rethrown.</summary>
    public async Task<DeltaOptimizeResult> CommitAsync(CancellationToken cancellationToken)
    {
        long version;
        try
        {
            version = await Transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await Optimizer.DeleteQuietlyAsync(_store, Added).ConfigureAwait(false);
            throw;
        }

        return new DeltaOptimizeResult(version, true, Added.Count, Removed.Count, Added.Sum(a => a.Size), Removed.Sum(a => a.Size),
            PartitionsOptimized, TotalConsideredFiles, RowsWritten);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"OPTIMIZE of {_store.Root}: {Removed.Count} -> {Added.Count} files");
}
