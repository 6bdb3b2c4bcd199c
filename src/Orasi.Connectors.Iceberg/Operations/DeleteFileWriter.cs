using Apache.Arrow;
using Orasi.Connectors.Iceberg.IO;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Parquet;

namespace Orasi.Connectors.Iceberg.Operations;

/// <summary>
/// Writes one Parquet delete file (position or equality deletes) with the spec's field ids in its schema and
/// describes it as a <see cref="DataFile"/> with metrics, the partition tuple and spec of the data it applies to.
/// </summary>
internal static class DeleteFileWriter
{
    public static async Task<DataFile> WriteAsync(
        IcebergFileIO io,
        TableMetadata metadata,
        IcebergSchema fileSchema,
        IEnumerable<RecordBatch> batches,
        DataFileContent content,
        int specId,
        IReadOnlyList<object?> partition,
        CancellationToken cancellationToken)
    {
        var dataLocation = metadata.Properties.GetValueOrDefault("write.data.path") ?? metadata.Location.TrimEnd('/') + "/data";
        var kind = content == DataFileContent.PositionDeletes ? "pos-deletes" : "eq-deletes";
        var location = $"{dataLocation}/{kind}-{Guid.NewGuid():N}.parquet";
        var arrowSchema = fileSchema.ToArrowSchema();
        var (store, key) = io.Locate(location);
        var stream = await store.OpenWriteAsync(key, cancellationToken).ConfigureAwait(false);
        ParquetFileSummary summary;
        try
        {
            await using (var writer = new ParquetBatchWriter(stream, arrowSchema, ParquetWriteOptions.Default with { Compression = ParquetCompression.Zstd }, location))
            {
                foreach (var b in batches)
                {
                    await writer.WriteBatchAsync(new RecordBatch(arrowSchema, Enumerable.Range(0, b.ColumnCount).Select(b.Column), b.Length), cancellationToken).ConfigureAwait(false);
                }

                summary = await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }

            var meta = await stream.CompleteAsync(cancellationToken).ConfigureAwait(false);
            var file = new DataFile(content, location, "PARQUET", partition, summary.RowCount, meta.Size > 0 ? meta.Size : summary.BytesWritten) { SpecId = specId };
            return MetricsBuilder.Apply(file, fileSchema, summary);
        }
        catch
        {
            stream.Abort();
            throw;
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
