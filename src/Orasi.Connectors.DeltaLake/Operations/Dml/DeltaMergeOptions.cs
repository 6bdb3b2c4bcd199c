using Orasi.Connectors.DeltaLake.Transactions;

namespace Orasi.Connectors.DeltaLake.Operations.Dml;

/// <summary>
/// How <see cref="DeltaTableWriter.MergeAsync(string, IAsyncEnumerable{Apache.Arrow.RecordBatch}, DeltaMergeOptions, CancellationToken)"/>
/// combines source rows with the table: source and target rows match when every <see cref="On"/> column is equal
/// (nulls never match); matched target rows are deleted (<see cref="WhenMatchedDelete"/>, checked first) or updated
/// (<see cref="WhenMatchedUpdate"/>); unmatched source rows are inserted (<see cref="WhenNotMatchedInsert"/>).
/// Clause conditions are predicates (column compared with a literal, combined with and/or/not) over
/// <c>source.&lt;column&gt;</c> and <c>target.&lt;column&gt;</c>, e.g. <c>source.op = 'delete' or target.version &lt; 3</c>.
/// </summary>
/// <remarks>
/// As in Delta, a target row matched by more than one source row is ambiguous when a matched clause exists and the
/// merge fails with <see cref="ValidationFailedException"/>.
/// </remarks>
public sealed record DeltaMergeOptions
{
    /// <summary>The key columns of the equality join (present in both source and table).</summary>
    public required IReadOnlyList<string> On { get; init; }

    /// <summary>Updates matched target rows; null leaves them unchanged.</summary>
    public DeltaMergeUpdate? WhenMatchedUpdate { get; init; }

    /// <summary>Deletes matched target rows; null keeps them.</summary>
    public DeltaMergeDelete? WhenMatchedDelete { get; init; }

    /// <summary>Inserts source rows that match no target row; null drops them.</summary>
    public DeltaMergeInsert? WhenNotMatchedInsert { get; init; }

    /// <summary>Object store options.</summary>
    public IReadOnlyDictionary<string, string>? StorageOptions { get; init; }

    /// <summary>Commit options (retries, custom commit metadata).</summary>
    public DeltaCommitProperties? CommitProperties { get; init; }

    /// <summary>Upsert: update every column of matched rows from the source and insert the rest.</summary>
    /// <param name="on">The key columns.</param>
    public static DeltaMergeOptions Upsert(params string[] on) => new()
    {
        On = on,
        WhenMatchedUpdate = new DeltaMergeUpdate(),
        WhenNotMatchedInsert = new DeltaMergeInsert(),
    };
}
