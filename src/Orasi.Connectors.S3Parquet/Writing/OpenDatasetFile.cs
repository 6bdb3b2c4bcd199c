using Orasi.Connectors.Parquet;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.S3Parquet.Writing;

/// <summary>A data file being streamed: the object upload and the Parquet writer over it.</summary>
internal sealed class OpenDatasetFile(string partition, string path, ObjectWriteStream stream, ParquetBatchWriter writer, DateTimeOffset openedAt)
{
    public string Partition { get; } = partition;

    public string Path { get; } = path;

    public ObjectWriteStream Stream { get; } = stream;

    public ParquetBatchWriter Writer { get; } = writer;

    public DateTimeOffset OpenedAt { get; } = openedAt;

    public long Rows { get; set; }

    public long LastUsed { get; set; }

    /// <summary>Finishes the Parquet footer and completes the upload, publishing the object.</summary>
    public async Task<DatasetFile> CompleteAsync(CancellationToken cancellationToken)
    {
        await Writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        await Writer.DisposeAsync().ConfigureAwait(false);
        var metadata = await Stream.CompleteAsync(cancellationToken).ConfigureAwait(false);
        await Stream.DisposeAsync().ConfigureAwait(false);
        return new DatasetFile(Path, Partition, Rows, metadata.Size);
    }

    /// <summary>Discards the upload: no object appears and a multipart upload is aborted.</summary>
    public async Task DiscardAsync()
    {
        Stream.Abort();
        try
        {
            await Writer.DisposeAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Best effort while discarding; the original failure is what the caller sees.
        catch (Exception)
        {
        }
#pragma warning restore CA1031

        await Stream.DisposeAsync().ConfigureAwait(false);
    }
}
