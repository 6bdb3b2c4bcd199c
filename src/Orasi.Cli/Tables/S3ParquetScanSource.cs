using System.Runtime.CompilerServices;
using Apache.Arrow;
using Orasi.Connectors;
using Orasi.Connectors.Predicates;
using Orasi.Connectors.S3Parquet.Reading;
using Orasi.Connectors.Storage;

namespace Orasi.Cli.Tables;

/// <summary>
/// A Hive-partitioned Parquet dataset root (as the s3-parquet connector, Spark or DuckDB write it): partition
/// columns come from the paths, partitions are pruned by the filter and row groups by footer statistics.
/// </summary>
internal sealed class S3ParquetScanSource : IScanSource
{
    private readonly DatasetReader _reader;

    private S3ParquetScanSource(DatasetReader reader, Schema schema)
    {
        _reader = reader;
        Schema = schema;
    }

    public string FormatName => "s3-parquet";

    public Schema Schema { get; }

    /// <summary>Opens the dataset rooted at <paramref name="store"/>.</summary>
    public static async Task<S3ParquetScanSource> OpenAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        var reader = new DatasetReader(store);
        var schema = await reader.GetSchemaAsync(cancellationToken).ConfigureAwait(false);
        return new S3ParquetScanSource(reader, schema);
    }

    /// <summary>True when some data file under the root sits in a <c>key=value</c> directory.</summary>
    public static async Task<bool> LooksPartitionedAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        await foreach (var entry in store.ListAsync(string.Empty, cancellationToken).ConfigureAwait(false))
        {
            if (entry.Path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) && entry.Path.Contains('/', StringComparison.Ordinal)
                && entry.Path.Split('/')[..^1].Any(s => HivePathSegment(s)))
            {
                return true;
            }
        }

        return false;
    }

    public async IAsyncEnumerable<RecordBatch> ScanAsync(IReadOnlyList<string>? columns, Predicate? filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ReadRequest { Columns = columns, Filter = filter?.ToString() };
        await foreach (var batch in _reader.ReadAsync(request, cancellationToken).ConfigureAwait(false))
        {
            yield return batch;
        }
    }

    /// <summary>The store belongs to the table handle that opened this source.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The dataset reader (partitions, files, schema).</summary>
    public DatasetReader Reader => _reader;

    private static bool HivePathSegment(string segment) =>
        !segment.StartsWith('_') && !segment.StartsWith('.') && segment.IndexOf('=', StringComparison.Ordinal) > 0;
}
