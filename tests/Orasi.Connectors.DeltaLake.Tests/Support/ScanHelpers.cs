using Apache.Arrow;

namespace Orasi.Connectors.DeltaLake.Tests.Support;

internal static class ScanHelpers
{
    public static async Task<List<RecordBatch>> CollectAsync(IAsyncEnumerable<RecordBatch> batches)
    {
        var list = new List<RecordBatch>();
        await foreach (var batch in batches)
        {
            list.Add(batch);
        }

        return list;
    }
}
