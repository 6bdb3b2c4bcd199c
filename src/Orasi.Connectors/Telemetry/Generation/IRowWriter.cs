using Apache.Arrow;

namespace Orasi.Connectors.Telemetry.Generation;

/// <summary>A stateful stream of generated rows of one signal, cut into batches of any size without changing the rows.</summary>
internal interface IRowWriter
{
    /// <summary>Generates the next <paramref name="rows"/> rows as one batch.</summary>
    RecordBatch WriteBatch(int rows);
}
