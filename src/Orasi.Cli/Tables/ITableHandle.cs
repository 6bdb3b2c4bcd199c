namespace Orasi.Cli.Tables;

/// <summary>
/// A table or dataset opened by the CLI, whatever its format: the commands shared by every table format
/// (<c>scan</c>, <c>describe</c>, <c>history</c>, …) work through this.
/// </summary>
internal interface ITableHandle : IAsyncDisposable
{
    /// <summary>The format name shown to users: delta, iceberg, hudi or parquet.</summary>
    string FormatName { get; }

    /// <summary>Opens the rows of a snapshot for scanning.</summary>
    Task<IScanSource> OpenScanAsync(TimeTravel travel, CancellationToken cancellationToken);

    /// <summary>Describes a snapshot: schema, partitioning, protocol, properties, files.</summary>
    Task<TableDescription> DescribeAsync(TimeTravel travel, CancellationToken cancellationToken);

    /// <summary>The table's history, newest first.</summary>
    Task<IReadOnlyList<TableHistoryEntry>> HistoryAsync(int? limit, CancellationToken cancellationToken);
}
