using Orasi.Cli.Hosting;
using Orasi.Connectors.Storage;

namespace Orasi.Cli.Tables;

/// <summary>
/// Opens a table for the commands shared by every table format. The format is detected from what is at the
/// location (<c>_delta_log/</c> for Delta; <c>metadata/*.metadata.json</c> for Iceberg; <c>key=value/</c> directories for a partitioned dataset; Parquet files otherwise) unless <c>--table-format</c> names it.
/// </summary>
internal static class TableResolver
{
    /// <summary>The values <c>--table-format</c> accepts.</summary>
    public static readonly string[] Formats = ["delta", "iceberg", "parquet", "s3-parquet"];

    public static async Task<ITableHandle> OpenAsync(string uri, string? tableFormat, IReadOnlyDictionary<string, string> storageOptions, CancellationToken cancellationToken)
    {
        var format = tableFormat?.ToLowerInvariant() switch
        {
            null => await DetectAsync(uri, storageOptions, cancellationToken).ConfigureAwait(false),
            "delta" or "deltalake" => "delta",
            "iceberg" => "iceberg",
            "parquet" => "parquet",
            "s3-parquet" or "s3_parquet" or "dataset" => "s3-parquet",
            var other => throw new UsageException($"--table-format '{other}' is not known; use one of: {string.Join(", ", Formats)}."),
        };

        if (format == "delta")
        {
            return await DeltaTableHandle.OpenAsync(uri, storageOptions, cancellationToken).ConfigureAwait(false);
        }

        if (format == "iceberg")
        {
            return await IcebergTableHandle.OpenAsync(uri, storageOptions, cancellationToken).ConfigureAwait(false);
        }

        var location = OutputLocation.Parse(uri);
        return format == "s3-parquet"
            ? new OwningHandle(location.OpenStore(storageOptions), store => new DatasetTableHandle(store))
            : new OwningHandle(location.OpenStore(storageOptions), store => new ParquetTableHandle(store, location.FileName));
    }

    private static async Task<string> DetectAsync(string uri, IReadOnlyDictionary<string, string> storageOptions, CancellationToken cancellationToken)
    {
        if (uri.EndsWith(".metadata.json", StringComparison.OrdinalIgnoreCase))
        {
            return "iceberg";
        }

        if (OutputLocation.Parse(uri).IsFile)
        {
            return "parquet";
        }

        await using var store = ObjectStoreFactory.Open(uri, storageOptions);
        await foreach (var _ in store.ListAsync("_delta_log/", cancellationToken).ConfigureAwait(false))
        {
            return "delta";
        }

        await foreach (var entry in store.ListAsync("metadata/", cancellationToken).ConfigureAwait(false))
        {
            if (entry.Path.EndsWith(".metadata.json", StringComparison.OrdinalIgnoreCase) || entry.Path.EndsWith("version-hint.text", StringComparison.Ordinal))
            {
                return "iceberg";
            }
        }

        return await S3ParquetScanSource.LooksPartitionedAsync(store, cancellationToken).ConfigureAwait(false) ? "s3-parquet" : "parquet";
    }

    /// <summary>A handle that also disposes the store it was opened on.</summary>
    private sealed class OwningHandle(IObjectStore store, Func<IObjectStore, ITableHandle> create) : ITableHandle
    {
        private readonly ITableHandle _inner = create(store);

        public string FormatName => _inner.FormatName;

        public Task<IScanSource> OpenScanAsync(TimeTravel travel, CancellationToken cancellationToken) => _inner.OpenScanAsync(travel, cancellationToken);

        public Task<TableDescription> DescribeAsync(TimeTravel travel, CancellationToken cancellationToken) => _inner.DescribeAsync(travel, cancellationToken);

        public Task<IReadOnlyList<TableHistoryEntry>> HistoryAsync(int? limit, CancellationToken cancellationToken) => _inner.HistoryAsync(limit, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await _inner.DisposeAsync().ConfigureAwait(false);
            await store.DisposeAsync().ConfigureAwait(false);
        }
    }
}
