using Apache.Arrow;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Scan;

namespace Orasi.Connectors.Iceberg.Tests.Support;

internal static class TableReader
{
    public static Task<IcebergTable> LoadAsync(string relative) =>
        IcebergTable.LoadAsync(Corpus.Persistent(relative), options: new IcebergTableLoadOptions { RelativePathBase = Corpus.DuckDbIceberg });

    public static async Task<List<RecordBatch>> ReadAllAsync(IcebergTable table, IcebergScanOptions? options = null)
    {
        var batches = new List<RecordBatch>();
        await foreach (var b in table.ScanAsync(options))
        {
            batches.Add(b);
        }

        return batches;
    }

    public static async Task<long> CountAsync(IcebergTable table, IcebergScanOptions? options = null) =>
        (await ReadAllAsync(table, options)).Sum(b => (long)b.Length);
}
