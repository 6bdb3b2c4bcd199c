using System.Runtime.CompilerServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.Predicates;
using Orasi.Connectors.Storage;
using ParquetSharp;
using ParquetSharp.Arrow;
using ArrowField = Apache.Arrow.Field;
using ArrowSchema = Apache.Arrow.Schema;

namespace Orasi.Connectors.DeltaLake.Scan;

/// <summary>
/// Plans and runs a scan of one snapshot: prunes files by partition values and statistics, reads each remaining data
/// file with ParquetSharp, maps physical to logical columns, adds partition columns, drops deleted rows, filters rows
/// exactly and projects.
/// </summary>
internal sealed class DeltaScanner
{
    private readonly IObjectStore _store;
    private readonly ScanContext _context;
    private readonly IReadOnlyList<AddFile> _files;
    private long _filesRead;

    /// <summary>Creates a scanner over the live files of a snapshot.</summary>
    public DeltaScanner(IObjectStore store, ScanContext context, IReadOnlyList<AddFile> files)
    {
        _store = store;
        _context = context;
        _files = files;
    }

    /// <summary>Data files opened by scans of this scanner so far.</summary>
    public long FilesRead => Interlocked.Read(ref _filesRead);

    /// <summary>The files a scan with <paramref name="predicate"/> reads, in path order.</summary>
    public IReadOnlyList<AddFile> PlanFiles(Predicate? predicate) =>
        _files.Where(f => predicate is null || predicate.CanMatch(FileStatistics.Build(f, _context)))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();

    /// <summary>Runs the scan.</summary>
    public async IAsyncEnumerable<RecordBatch> ScanAsync(DeltaScanOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.BatchSize <= 0)
        {
            throw new ValidationFailedException($"The batch size {options.BatchSize} for scanning '{_context.Table}' must be positive.");
        }

        if (options.Limit < 0)
        {
            throw new ValidationFailedException($"The row limit {options.Limit} for scanning '{_context.Table}' must not be negative.");
        }

        var output = ResolveColumns(options.Columns);
        var predicate = options.Predicate;
        predicate?.Validate(_context.ArrowSchema);
        var needed = new List<StructField>(output);
        if (predicate is not null)
        {
            foreach (var column in predicate.Columns)
            {
                var top = _context.Schema.FindField(column.Split('.')[0]) ?? _context.Schema.FindField(column);
                if (top is not null && !needed.Contains(top))
                {
                    needed.Add(top);
                }
            }
        }

        var neededSchema = new ArrowSchema(needed.Select(ArrowFieldOf), null);
        var outputSchema = new ArrowSchema(output.Select(ArrowFieldOf), null);
        var outputIndexes = output.Select(f => needed.IndexOf(f)).ToArray();
        var remaining = options.Limit ?? long.MaxValue;
        if (remaining == 0)
        {
            yield break;
        }

        foreach (var file in PlanFiles(predicate))
        {
            await foreach (var batch in ReadFileAsync(file, needed, neededSchema, options.BatchSize, cancellationToken).ConfigureAwait(false))
            {
                var rows = batch;
                if (predicate is not null)
                {
                    rows = predicate.Filter(rows);
                }

                if (rows.Length == 0)
                {
                    continue;
                }

                var projected = new RecordBatch(outputSchema, outputIndexes.Select(rows.Column), rows.Length);
                if (projected.Length > remaining)
                {
                    projected = projected.Slice(0, (int)remaining);
                }

                remaining -= projected.Length;
                yield return projected;
                if (remaining == 0)
                {
                    yield break;
                }
            }
        }
    }

    private ArrowField ArrowFieldOf(StructField field) => _context.ArrowSchema.GetFieldByName(field.Name);

    private List<StructField> ResolveColumns(IReadOnlyList<string>? columns)
    {
        if (columns is null)
        {
            return _context.Schema.Fields.ToList();
        }

        var result = new List<StructField>(columns.Count);
        foreach (var name in columns)
        {
            var field = _context.Schema.FindField(name) ?? throw new ValidationFailedException(
                $"The column '{name}' does not exist in the Delta table '{_context.Table}'; use one of: {string.Join(", ", _context.Schema.Fields.Select(f => f.Name))}.");
            if (result.Contains(field))
            {
                throw new ValidationFailedException($"The column '{name}' is requested twice in the scan of '{_context.Table}'; list each column once.");
            }

            result.Add(field);
        }

        return result;
    }

    private async IAsyncEnumerable<RecordBatch> ReadFileAsync(AddFile file, List<StructField> needed, ArrowSchema schema, int batchSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = DeltaPaths.ToTablePath(file.Path, _store.Root) ?? throw new UnsupportedFeatureException(
            $"The data file '{file.Path}' of the Delta table '{_context.Table}' lies outside the table root; reading files from other locations is not supported yet.");
        var deleted = file.DeletionVector is { } dv
            ? await DeletionVectorReader.ReadAsync(_store, dv, file.Path, cancellationToken).ConfigureAwait(false)
            : [];
        var deletedCursor = 0;
        long rowBase = 0;

        Stream stream;
        try
        {
            stream = await _store.OpenReadAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectNotFoundException ex)
        {
            throw new CorruptDataException($"The data file '{path}' of the Delta table '{_context.Table}' is missing; the table is damaged (was it vacuumed or deleted by hand?).", ex);
        }

        Interlocked.Increment(ref _filesRead);
        FileReader reader;
        try
        {
            using var properties = ArrowReaderProperties.GetDefault();
            properties.BatchSize = batchSize;
            properties.CoerceInt96TimestampUnit = Apache.Arrow.Types.TimeUnit.Microsecond;
            properties.PreBuffer = false; // no read-ahead on Arrow's IO threads through callbacks into the managed stream
            reader = new FileReader(stream, arrowProperties: properties, leaveOpen: false);
        }
        catch (ParquetException ex)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw Corrupt(path, ex);
        }

        try
        {
            var fileFields = reader.Schema.FieldsList;
            var sources = new int[needed.Count];
            var leaves = new SortedSet<int>();
            for (var i = 0; i < needed.Count; i++)
            {
                sources[i] = _context.IsPartition(needed[i]) ? -1 : ArrowColumnConverter.FindField(fileFields, needed[i], _context.Mode);
                if (sources[i] >= 0)
                {
                    CollectLeaves(reader.SchemaManifest.SchemaFields[sources[i]], leaves);
                }
            }

            if (leaves.Count == 0)
            {
                using var parquetReader = reader.ParquetReader; // a wrapper owning a native reference: dispose it
                using var metadata = parquetReader.FileMetaData;
                var total = metadata.NumRows;
                for (long start = 0; start < total; start += batchSize)
                {
                    var length = (int)Math.Min(batchSize, total - start);
                    var batch = Assemble(null, file, needed, sources, fileFields, schema, length);
                    var kept = ApplyDeletionVector(batch, deleted, ref deletedCursor, rowBase);
                    rowBase += length;
                    if (kept.Length > 0)
                    {
                        yield return kept;
                    }
                }

                yield break;
            }

            using var batches = reader.GetRecordBatchReader(Enumerable.Range(0, reader.NumRowGroups).ToArray(), leaves.ToArray());
            while (true)
            {
                RecordBatch? raw;
                try
                {
                    raw = await batches.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (ParquetException ex)
                {
                    throw Corrupt(path, ex);
                }

                if (raw is null)
                {
                    break;
                }

                var batch = Assemble(raw, file, needed, sources, fileFields, schema, raw.Length);
                var kept = ApplyDeletionVector(batch, deleted, ref deletedCursor, rowBase);
                rowBase += raw.Length;
                if (kept.Length > 0)
                {
                    yield return kept;
                }
            }
        }
        finally
        {
            reader.Dispose();
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private RecordBatch Assemble(RecordBatch? raw, AddFile file, List<StructField> needed, int[] sources, IReadOnlyList<ArrowField> fileFields, ArrowSchema schema, int length)
    {
        var columns = new IArrowArray[needed.Count];
        for (var i = 0; i < needed.Count; i++)
        {
            var field = needed[i];
            if (sources[i] == -1 && _context.IsPartition(field))
            {
                file.PartitionValues.TryGetValue(field.PhysicalNameFor(_context.Mode), out var value);
                columns[i] = PartitionValueCodec.BuildConstantArray(value, field.Type, length, field.Name);
                continue;
            }

            var target = schema.FieldsList[i].DataType;
            if (sources[i] < 0 || raw is null || field.Type is DeltaPrimitiveType { Name: "void" })
            {
                columns[i] = field.Type is DeltaPrimitiveType { Name: "void" } ? new NullArray(length) : NullArrays.Create(target, length);
                continue;
            }

            var index = raw.Schema.GetFieldIndex(fileFields[sources[i]].Name);
            columns[i] = ArrowColumnConverter.Convert(raw.Column(index), field.Type, _context.Mode, field.Name);
        }

        return new RecordBatch(schema, columns, length);
    }

    private static RecordBatch ApplyDeletionVector(RecordBatch batch, long[] deleted, ref int cursor, long rowBase)
    {
        var end = rowBase + batch.Length;
        while (cursor < deleted.Length && deleted[cursor] < rowBase)
        {
            cursor++;
        }

        if (cursor >= deleted.Length || deleted[cursor] >= end)
        {
            return batch;
        }

        var runs = new List<(int Start, int Length)>();
        var next = 0;
        var kept = 0;
        while (cursor < deleted.Length && deleted[cursor] < end)
        {
            var row = (int)(deleted[cursor] - rowBase);
            if (row > next)
            {
                runs.Add((next, row - next));
                kept += row - next;
            }

            next = row + 1;
            cursor++;
        }

        if (next < batch.Length)
        {
            runs.Add((next, batch.Length - next));
            kept += batch.Length - next;
        }

        if (runs.Count == 0)
        {
            return batch.Slice(0, 0);
        }

        if (runs.Count == 1)
        {
            return batch.Slice(runs[0].Start, runs[0].Length);
        }

        var columns = new IArrowArray[batch.ColumnCount];
        for (var c = 0; c < columns.Length; c++)
        {
            var source = batch.Column(c);
            columns[c] = ArrowArrayConcatenator.Concatenate(runs.Select(r => ArrowArrayFactory.Slice(source, r.Start, r.Length)).ToList());
        }

        return new RecordBatch(batch.Schema, columns, kept);
    }

    private static void CollectLeaves(SchemaField field, SortedSet<int> leaves)
    {
        if (field.ColumnIndex >= 0)
        {
            leaves.Add(field.ColumnIndex);
        }

        foreach (var child in field.Children)
        {
            CollectLeaves(child, leaves);
        }
    }

    private static CorruptDataException Corrupt(string path, ParquetException ex)
    {
        var message = ex.Message;
        var end = message.IndexOfAny(['\r', '\n']);
        return new CorruptDataException($"The data file '{path}' cannot be read as Parquet ({(end < 0 ? message : message[..end]).TrimEnd('.')}); the file is damaged and must be restored or removed from the table.", ex);
    }
}
