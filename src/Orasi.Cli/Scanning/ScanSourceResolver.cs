using Orasi.Cli.Hosting;
using Orasi.Connectors.Storage;

namespace Orasi.Cli.Scanning;

/// <summary>Detects the format at a URI (or obeys <c>--table-format</c>) and opens the matching scan source.</summary>
internal static class ScanSourceResolver
{
    public static readonly string[] Formats = ["parquet", "s3-parquet"];

    public static async Task<IScanSource> OpenAsync(string uri, string? tableFormat, IReadOnlyDictionary<string, string> storageOptions, CancellationToken cancellationToken)
    {
        var location = OutputLocation.Parse(uri);
        var store = location.OpenStore(storageOptions);
        try
        {
            var format = tableFormat
                ?? (location.FileName is null && await S3ParquetScanSource.LooksPartitionedAsync(store, cancellationToken).ConfigureAwait(false) ? "s3-parquet" : "parquet");
            return format switch
            {
                "parquet" => await ParquetScanSource.OpenAsync(store, location.FileName, cancellationToken).ConfigureAwait(false),
                "s3-parquet" or "dataset" => await S3ParquetScanSource.OpenAsync(store, cancellationToken).ConfigureAwait(false),
                _ => throw new UsageException($"--table-format '{format}' is not known; use one of: {string.Join(", ", Formats)}."),
            };
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
