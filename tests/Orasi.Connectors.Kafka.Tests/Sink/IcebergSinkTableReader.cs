using Apache.Arrow;
using Apache.Arrow.Arrays;
using Orasi.Connectors.Iceberg;
using Orasi.Connectors.Iceberg.Scan;

namespace Orasi.Connectors.Kafka.Tests.Sink;

internal static class IcebergSinkTableReader
{
    /// <summary>All span ids in the Iceberg table at the location, one entry per row (duplicates kept).</summary>
    public static async Task<List<string>> SpanIdsAsync(string location)
    {
        await using var table = await IcebergTable.LoadAsync(location);
        var ids = new List<string>();
        await foreach (RecordBatch batch in table.ScanAsync(new IcebergScanOptions { Columns = ["span_id"] }))
        {
            IArrowArray column = batch.Column(0);
            for (int i = 0; i < column.Length; i++)
            {
                ids.Add(Convert.ToHexString(column is BinaryArray b ? b.GetBytes(i) : ((FixedSizeBinaryArray)column).GetBytes(i)));
            }
        }

        return ids;
    }

    /// <summary>Data files (Parquet) present under the table's data directory.</summary>
    public static int DataFilesOnDisk(string location) =>
        Directory.Exists(Path.Combine(location, "data")) ? Directory.GetFiles(Path.Combine(location, "data"), "*.parquet", SearchOption.AllDirectories).Length : 0;
}
