using Orasi.Cli.Hosting;
using Orasi.Connectors;
using Orasi.Connectors.Storage;

namespace Orasi.Cli.Tables;

/// <summary>A plain Parquet file or directory of Parquet files opened by the CLI: no versions, no history.</summary>
internal sealed class ParquetTableHandle(IObjectStore store, string? fileName) : ITableHandle
{
    public string FormatName => "parquet";

    public async Task<IScanSource> OpenScanAsync(TimeTravel travel, CancellationToken cancellationToken)
    {
        RefuseTimeTravel(travel);
        return await ParquetScanSource.OpenAsync(store, fileName, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TableDescription> DescribeAsync(TimeTravel travel, CancellationToken cancellationToken)
    {
        RefuseTimeTravel(travel);
        var source = await ParquetScanSource.OpenAsync(store, fileName, cancellationToken).ConfigureAwait(false);
        long bytes = 0;
        foreach (var file in source.Files)
        {
            bytes += (await store.HeadAsync(file, cancellationToken).ConfigureAwait(false))?.Size ?? 0;
        }

        return new TableDescription("parquet", store.Root.ToString(), null, source.Schema, [], [], new Dictionary<string, string>(), source.Files.Count, bytes);
    }

    public Task<IReadOnlyList<TableHistoryEntry>> HistoryAsync(int? limit, CancellationToken cancellationToken) =>
        throw new UnsupportedFeatureException($"{store.Root} holds plain Parquet files, which have no history; history needs a Delta, Iceberg or Hudi table.");

    private void RefuseTimeTravel(TimeTravel travel)
    {
        if (!travel.IsLatest)
        {
            throw new UsageException($"--version and --timestamp need a table format with versions; {store.Root} holds plain Parquet files.");
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
