using System.Runtime.CompilerServices;
using Apache.Arrow;
using Orasi.Connectors;
using Orasi.Connectors.Parquet;
using Orasi.Connectors.Predicates;
using Orasi.Connectors.Storage;

namespace Orasi.Cli.Tables;

/// <summary>
/// A Parquet file, or every <c>.parquet</c> file under a directory or prefix (hidden and <c>_</c>-prefixed paths
/// skipped), read with projection, row-group pruning and exact filtering. All files must share one schema.
/// </summary>
internal sealed class ParquetScanSource : IScanSource
{
    private readonly IObjectStore _store;
    private readonly IReadOnlyList<string> _files;

    private ParquetScanSource(IObjectStore store, IReadOnlyList<string> files, Schema schema)
    {
        _store = store;
        _files = files;
        Schema = schema;
    }

    public string FormatName => "parquet";

    /// <summary>The Parquet files of the dataset, relative to the store root.</summary>
    public IReadOnlyList<string> Files => _files;

    public Schema Schema { get; }

    /// <summary>Finds the files in <paramref name="store"/>: <paramref name="fileName"/> alone, or every Parquet file below.</summary>
    public static async Task<ParquetScanSource> OpenAsync(IObjectStore store, string? fileName, CancellationToken cancellationToken)
    {
        List<string> files;
        if (fileName is not null)
        {
            if (await store.HeadAsync(fileName, cancellationToken).ConfigureAwait(false) is null)
            {
                throw new TableNotFoundException($"There is no file '{fileName}' in {store.Root}; check the path.");
            }

            files = [fileName];
        }
        else
        {
            files = [];
            await foreach (var entry in store.ListAsync("", cancellationToken).ConfigureAwait(false))
            {
                if (entry.Path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) && !IsHidden(entry.Path))
                {
                    files.Add(entry.Path);
                }
            }

            if (files.Count == 0)
            {
                throw new TableNotFoundException($"No table and no Parquet files were found at {store.Root}; check the path, or pass --table-format.");
            }
        }

        Schema schema;
        var first = await OpenReaderAsync(store, files[0], cancellationToken).ConfigureAwait(false);
        await using (first.ConfigureAwait(false))
        {
            schema = first.Schema;
        }

        return new ParquetScanSource(store, files, schema);
    }

    public async IAsyncEnumerable<RecordBatch> ScanAsync(IReadOnlyList<string>? columns, Predicate? filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = new ParquetReadOptions { Columns = columns, Filter = filter, ApplyRowFilter = true };
        foreach (var file in _files)
        {
            var reader = await OpenReaderAsync(_store, file, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await foreach (var batch in reader.ReadAsync(options, cancellationToken).ConfigureAwait(false))
                {
                    yield return batch;
                }
            }
        }
    }

    private static async Task<ParquetBatchReader> OpenReaderAsync(IObjectStore store, string path, CancellationToken cancellationToken)
    {
        var stream = await store.OpenReadAsync(path, cancellationToken).ConfigureAwait(false);
        return ParquetBatchReader.Open(stream, path, leaveOpen: false);
    }

    private static bool IsHidden(string path) =>
        path.Split('/').Any(segment => segment.StartsWith('.') || segment.StartsWith('_'));

    /// <summary>The store belongs to the table handle that opened this source.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
