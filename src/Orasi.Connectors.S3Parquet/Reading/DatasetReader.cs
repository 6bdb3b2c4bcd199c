using System.Globalization;
using System.Runtime.CompilerServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.Parquet;
using Orasi.Connectors.Predicates;
using Orasi.Connectors.S3Parquet.Partitioning;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.S3Parquet.Reading;

/// <summary>
/// Reads a Hive-partitioned Parquet dataset (ours, Spark's, DuckDB's, pyarrow's): lists partitions, prunes partitions
/// by their path values and row groups by footer statistics, projects columns, and streams Arrow batches. Partition
/// columns are appended after the file columns, typed <c>int64</c> when every value is an integer and <c>string</c>
/// otherwise (as DuckDB's <c>hive_partitioning</c> does). Hidden and <c>_</c>-prefixed paths are skipped.
/// </summary>
public sealed class DatasetReader
{
    private readonly IObjectStore _store;
    private long _filesRead;
    private long _filesPruned;
    private long _rowGroupsSkipped;

    /// <summary>Creates a reader of the dataset rooted at <paramref name="store"/>.</summary>
    public DatasetReader(IObjectStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>Data files opened by reads so far.</summary>
    public long FilesRead => Interlocked.Read(ref _filesRead);

    /// <summary>Data files skipped by partition pruning so far.</summary>
    public long FilesPruned => Interlocked.Read(ref _filesPruned);

    /// <summary>Row groups skipped on statistics so far.</summary>
    public long RowGroupsSkipped => Interlocked.Read(ref _rowGroupsSkipped);

    /// <summary>Every data file (<c>.parquet</c>, not hidden) under the root, in path order.</summary>
    public async Task<IReadOnlyList<DatasetDataFile>> ListFilesAsync(CancellationToken cancellationToken = default)
    {
        var files = new List<DatasetDataFile>();
        await foreach (var entry in _store.ListAsync(string.Empty, cancellationToken).ConfigureAwait(false))
        {
            if (!entry.Path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) || IsHidden(entry.Path))
            {
                continue;
            }

            var slash = entry.Path.LastIndexOf('/');
            var partition = slash < 0 ? string.Empty : entry.Path[..slash];
            files.Add(new DatasetDataFile(entry.Path, partition, HivePath.ParseValues(entry.Path), entry.Size));
        }

        return files;
    }

    /// <summary>The partitions (leaf directories holding data files) with file counts and sizes, in path order.</summary>
    public async Task<IReadOnlyList<DatasetPartition>> ListPartitionsAsync(CancellationToken cancellationToken = default)
    {
        var files = await ListFilesAsync(cancellationToken).ConfigureAwait(false);
        return files
            .GroupBy(f => f.Partition, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new DatasetPartition(g.Key, g.First().Values, g.Count(), g.Sum(f => f.SizeBytes)))
            .ToArray();
    }

    /// <summary>
    /// Deletes every object under the partition directory <paramref name="partitionPath"/> (e.g.
    /// <c>year=2024/month=05</c>, or a prefix of a deeper partition) and returns how many were deleted.
    /// </summary>
    /// <exception cref="ValidationFailedException">The path is empty or not made of <c>key=value</c> segments.</exception>
    public async Task<int> DeletePartitionAsync(string partitionPath, CancellationToken cancellationToken = default)
    {
        var path = (partitionPath ?? string.Empty).Trim('/');
        if (path.Length == 0 || path.Split('/').Any(s => !HivePath.TryParseSegment(s, out _, out _)))
        {
            throw new ValidationFailedException($"Partition path '{partitionPath}' is not a Hive partition such as 'year=2024/month=05'; give key=value segments (the dataset root cannot be deleted this way).");
        }

        var doomed = new List<string>();
        await foreach (var entry in _store.ListAsync(path + "/", cancellationToken).ConfigureAwait(false))
        {
            doomed.Add(entry.Path);
        }

        foreach (var item in doomed)
        {
            await _store.DeleteAsync(item, cancellationToken).ConfigureAwait(false);
        }

        return doomed.Count;
    }

    /// <summary>Builds the dataset schema: the first file's columns, then the partition columns.</summary>
    /// <exception cref="TableNotFoundException">The root holds no data files.</exception>
    public async Task<Schema> GetSchemaAsync(CancellationToken cancellationToken = default) =>
        (await SnapshotAsync(cancellationToken).ConfigureAwait(false)).Schema;

    /// <summary>
    /// Streams the rows matching <see cref="ReadRequest.Filter"/>, projected to <see cref="ReadRequest.Columns"/>, at
    /// most <see cref="ReadRequest.Limit"/> rows in batches of up to <see cref="ReadRequest.BatchSize"/>.
    /// </summary>
    /// <exception cref="TableNotFoundException">The root holds no data files.</exception>
    /// <exception cref="ValidationFailedException">A column or the filter is invalid.</exception>
    public async IAsyncEnumerable<RecordBatch> ReadAsync(ReadRequest? request = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        request ??= new ReadRequest();
        var snapshot = await SnapshotAsync(cancellationToken).ConfigureAwait(false);
        var schema = snapshot.Schema;
        var filter = string.IsNullOrWhiteSpace(request.Filter) ? null : Predicate.Parse(request.Filter);
        filter?.Validate(schema);
        var requested = request.Columns?.ToArray() ?? schema.FieldsList.Select(f => f.Name).ToArray();
        foreach (var column in requested)
        {
            if (schema.GetFieldIndex(column) < 0)
            {
                throw new ValidationFailedException($"Column '{column}' is not in the dataset at {_store.Root}; use one of: {string.Join(", ", schema.FieldsList.Select(f => f.Name))}.");
            }
        }

        var fileSchema = snapshot.FileSchema;
        bool InFile(string column) => fileSchema.GetFieldIndex(column.Split('.')[0]) >= 0;
        Predicate? fileFilter = null;
        Predicate? residual = null;
        foreach (var conjunct in Conjuncts(filter))
        {
            if (conjunct.Columns.All(InFile))
            {
                fileFilter = fileFilter is null ? conjunct : new And(fileFilter, conjunct);
            }
            else
            {
                residual = residual is null ? conjunct : new And(residual, conjunct);
            }
        }

        var fileColumns = requested.Concat(residual?.Columns.Select(c => c.Split('.')[0]) ?? [])
            .Where(c => fileSchema.GetFieldIndex(c) >= 0).Distinct(StringComparer.Ordinal).ToList();
        var placeholder = fileColumns.Count == 0;
        if (placeholder)
        {
            fileColumns.Add(fileSchema.FieldsList[0].Name);
        }

        var outputSchema = new Schema(requested.Select(c => schema.GetFieldByName(c)), null);
        var readOptions = new ParquetReadOptions { Columns = fileColumns, Filter = fileFilter, BatchSize = request.BatchSize ?? 65_536 };
        var remaining = request.Limit ?? long.MaxValue;
        if (remaining <= 0)
        {
            yield break;
        }

        foreach (var file in snapshot.Files)
        {
            var statistics = new PartitionStatistics(file.Values, snapshot.PartitionTypes);
            if (filter is not null && !filter.CanMatch(statistics))
            {
                Interlocked.Increment(ref _filesPruned);
                continue;
            }

            Interlocked.Increment(ref _filesRead);
            var stream = await _store.OpenReadAsync(file.Path, cancellationToken).ConfigureAwait(false);
            var reader = ParquetBatchReader.Open(stream, file.Path, leaveOpen: false);
            await using (reader.ConfigureAwait(false))
            {
                await foreach (var raw in reader.ReadAsync(readOptions, cancellationToken).ConfigureAwait(false))
                {
                    var batch = Complete(raw, file, snapshot, residual);
                    if (batch.Length == 0)
                    {
                        continue;
                    }

                    var output = new RecordBatch(outputSchema, requested.Select(c => batch.Column(batch.Schema.GetFieldIndex(c))), batch.Length);
                    if (output.Length > remaining)
                    {
                        output = output.Slice(0, (int)remaining);
                    }

                    remaining -= output.Length;
                    yield return output;
                    if (remaining == 0)
                    {
                        Interlocked.Add(ref _rowGroupsSkipped, reader.RowGroupsSkipped);
                        yield break;
                    }
                }

                Interlocked.Add(ref _rowGroupsSkipped, reader.RowGroupsSkipped);
            }
        }
    }

    private static RecordBatch Complete(RecordBatch batch, DatasetDataFile file, Snapshot snapshot, Predicate? residual)
    {
        if (snapshot.PartitionFields.Count == 0)
        {
            return residual is null ? batch : residual.Filter(batch);
        }

        var fields = batch.Schema.FieldsList.ToList();
        var columns = Enumerable.Range(0, batch.ColumnCount).Select(batch.Column).ToList();
        foreach (var field in snapshot.PartitionFields)
        {
            var text = file.Values.LastOrDefault(v => v.Key == field.Name).Value;
            fields.Add(field);
            columns.Add(Constant(field.DataType, PartitionStatistics.Typed(text, field.DataType), batch.Length));
        }

        var completed = new RecordBatch(new Schema(fields, null), columns, batch.Length);
        return residual is null ? completed : residual.Filter(completed);
    }

    private static IArrowArray Constant(IArrowType type, object? value, int length)
    {
        if (type is Int64Type)
        {
            var builder = new Int64Array.Builder().Reserve(length);
            for (var i = 0; i < length; i++)
            {
                if (value is long l) builder.Append(l); else builder.AppendNull();
            }

            return builder.Build();
        }

        var strings = new StringArray.Builder();
        for (var i = 0; i < length; i++)
        {
            if (value is string s) strings.Append(s); else strings.AppendNull();
        }

        return strings.Build();
    }

    private static IEnumerable<Predicate> Conjuncts(Predicate? predicate)
    {
        if (predicate is null)
        {
            yield break;
        }

        if (predicate is And and)
        {
            foreach (var p in Conjuncts(and.Left)) yield return p;
            foreach (var p in Conjuncts(and.Right)) yield return p;
        }
        else
        {
            yield return predicate;
        }
    }

    private async Task<Snapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        var files = await ListFilesAsync(cancellationToken).ConfigureAwait(false);
        if (files.Count == 0)
        {
            throw new TableNotFoundException($"No Parquet data files were found under {_store.Root}; check the dataset path, or write to it first.");
        }

        Schema fileSchema;
        var first = ParquetBatchReader.Open(await _store.OpenReadAsync(files[0].Path, cancellationToken).ConfigureAwait(false), files[0].Path, leaveOpen: false);
        await using (first.ConfigureAwait(false))
        {
            fileSchema = first.Schema;
        }

        var keys = new List<string>();
        var values = new Dictionary<string, List<string?>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var (key, value) in file.Values)
            {
                if (!values.TryGetValue(key, out var list))
                {
                    keys.Add(key);
                    values[key] = list = [];
                }

                list.Add(value);
            }
        }

        var types = new Dictionary<string, IArrowType>(StringComparer.Ordinal);
        var partitionFields = new List<Field>();
        foreach (var key in keys.Where(k => fileSchema.GetFieldIndex(k) < 0))
        {
            IArrowType type = values[key].All(v => v is null || long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                ? Int64Type.Default
                : StringType.Default;
            types[key] = type;
            partitionFields.Add(new Field(key, type, nullable: true));
        }

        var schema = new Schema(fileSchema.FieldsList.Concat(partitionFields), fileSchema.Metadata);
        return new Snapshot(files, fileSchema, schema, partitionFields, types);
    }

    private static bool IsHidden(string path) =>
        path.Split('/').Any(segment => segment.StartsWith('.') || segment.StartsWith('_'));

    private sealed record Snapshot(
        IReadOnlyList<DatasetDataFile> Files,
        Schema FileSchema,
        Schema Schema,
        IReadOnlyList<Field> PartitionFields,
        IReadOnlyDictionary<string, IArrowType> PartitionTypes);
}
