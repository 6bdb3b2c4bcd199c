using Apache.Arrow;
using Orasi.Connectors.Predicates;

namespace Orasi.Cli.Tables;

/// <summary>Something <c>orasi scan</c> can read: a Parquet file or directory, or a table in some table format.</summary>
internal interface IScanSource : IAsyncDisposable
{
    /// <summary>The format name shown to users (parquet, delta, …).</summary>
    string FormatName { get; }

    /// <summary>The schema of all rows, before projection.</summary>
    Schema Schema { get; }

    /// <summary>Streams the rows, projected to <paramref name="columns"/> (null for all) and filtered exactly by <paramref name="filter"/>.</summary>
    IAsyncEnumerable<RecordBatch> ScanAsync(IReadOnlyList<string>? columns, Predicate? filter, CancellationToken cancellationToken);
}
