using Apache.Arrow;
using Apache.Arrow.Arrays;
using Orasi.Connectors.DeltaLake;
using Orasi.Connectors.DeltaLake.Scan;

namespace Orasi.Connectors.Kafka.Tests.Sink;

internal static class SinkTableReader
{
    /// <summary>All span ids in the table, one entry per row (duplicates kept).</summary>
    public static async Task<List<string>> SpanIdsAsync(string uri)
    {
        await using var table = await DeltaTable.OpenAsync(uri);
        var snapshot = await table.GetSnapshotAsync();
        var ids = new List<string>();
        await foreach (RecordBatch batch in snapshot.ScanAsync(new DeltaScanOptions { Columns = ["span_id"] }))
        {
            IArrowArray column = batch.Column(0);
            for (int i = 0; i < column.Length; i++)
            {
                byte[] bytes = column switch
                {
                    BinaryArray b => b.GetBytes(i).ToArray(),
                    FixedSizeBinaryArray f => f.GetBytes(i).ToArray(),
                    _ => throw new InvalidOperationException($"span_id is {column.Data.DataType.Name}"),
                };
                ids.Add(Convert.ToHexString(bytes));
            }
        }

        return ids;
    }
}
