using Apache.Arrow;

namespace Orasi.Connectors;

/// <summary>A connector that yields Arrow record batches (a table scan, a dataset reader, a topic consumer).</summary>
public interface IRecordBatchSource : IConnector
{
    /// <summary>The schema of the batches <see cref="ReadAsync"/> yields for the given request.</summary>
    Task<Schema> GetSchemaAsync(ReadRequest? request = null, CancellationToken cancellationToken = default);

    /// <summary>Streams batches of the source's data, projected and filtered as the request asks.</summary>
    IAsyncEnumerable<RecordBatch> ReadAsync(ReadRequest? request = null, CancellationToken cancellationToken = default);
}
