using Orasi.Cli.Hosting;
using Orasi.Connectors;
using Orasi.Connectors.Storage;

namespace Orasi.Cli.Tables;

/// <summary>A Hive-partitioned Parquet dataset (as the s3-parquet connector writes it): no versions, no history.</summary>
internal sealed class DatasetTableHandle(IObjectStore store) : ITableHandle
{
    public string FormatName => "s3-parquet";

    public async Task<IScanSource> OpenScanAsync(TimeTravel travel, CancellationToken cancellationToken)
    {
        RefuseTimeTravel(travel);
        return await S3ParquetScanSource.OpenAsync(store, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TableDescription> DescribeAsync(TimeTravel travel, CancellationToken cancellationToken)
    {
        RefuseTimeTravel(travel);
        var source = await S3ParquetScanSource.OpenAsync(store, cancellationToken).ConfigureAwait(false);
        var partitions = await source.Reader.ListPartitionsAsync(cancellationToken).ConfigureAwait(false);
        var partitionColumns = partitions.SelectMany(p => p.Values.Select(v => v.Key)).Distinct(StringComparer.Ordinal).ToList();
        return new TableDescription(
            FormatName,
            store.Root.ToString(),
            null,
            source.Schema,
            partitionColumns,
            [],
            new Dictionary<string, string> { ["partitions"] = partitions.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            partitions.Sum(p => (long)p.FileCount),
            partitions.Sum(p => p.SizeBytes));
    }

    public Task<IReadOnlyList<TableHistoryEntry>> HistoryAsync(int? limit, CancellationToken cancellationToken) =>
        throw new UnsupportedFeatureException($"{store.Root} is a partitioned Parquet dataset, which has no history; history needs a Delta, Iceberg or Hudi table.");

    private void RefuseTimeTravel(TimeTravel travel)
    {
        if (!travel.IsLatest)
        {
            throw new UsageException($"--version and --timestamp need a table format with versions; {store.Root} is a partitioned Parquet dataset.");
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
