using Apache.Arrow;

namespace Orasi.Connectors.DeltaLake.Operations.Dml;

/// <summary>What a DML operation does to the live rows of one batch of a data file.</summary>
/// <param name="Deleted">Indexes of rows deleted.</param>
/// <param name="Updated">Indexes of rows updated.</param>
/// <param name="Postimage">The new values of the updated rows, in the order of <paramref name="Updated"/> (table schema), or null when none.</param>
internal sealed record RowChanges(IReadOnlyList<int> Deleted, IReadOnlyList<int> Updated, RecordBatch? Postimage)
{
    /// <summary>No change.</summary>
    public static RowChanges None { get; } = new([], [], null);
}
