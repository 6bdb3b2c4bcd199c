using Apache.Arrow;
using Apache.Arrow.Ipc;

namespace Orasi.Connectors.Tests.Telemetry;

internal static class BatchBytes
{
    /// <summary>The Arrow IPC stream bytes of a sequence of batches: equal bytes mean byte-identical batches.</summary>
    public static byte[] Of(IEnumerable<RecordBatch> batches)
    {
        using var stream = new MemoryStream();
        ArrowStreamWriter? writer = null;
        foreach (var batch in batches)
        {
            writer ??= new ArrowStreamWriter(stream, batch.Schema, leaveOpen: true);
            writer.WriteRecordBatch(batch);
        }

        writer?.WriteEnd();
        writer?.Dispose();
        return stream.ToArray();
    }
}
