using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Apache.Arrow;
using Orasi.Connectors.Iceberg.IO;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Parquet;
using Orasi.Connectors.Predicates;
using ArrowField = Apache.Arrow.Field;

namespace Orasi.Connectors.Iceberg.Scan;

/// <summary>Reads one <see cref="FileScanTask"/>: projects the data file onto the table schema by field id, applies deletes and the row filter.</summary>
internal sealed class TaskReader
{
    private const int DeleteFilePathId = 2147483546;
    private const int DeletePosId = 2147483545;

    private readonly IcebergSchema _schema;
    private readonly IcebergFileIO _io;
    private readonly PathResolver _paths;
    private readonly NameMapping? _nameMapping;

    public TaskReader(IcebergSchema schema, IcebergFileIO io, PathResolver paths, NameMapping? nameMapping)
    {
        _schema = schema;
        _io = io;
        _paths = paths;
        _nameMapping = nameMapping;
    }

    public async IAsyncEnumerable<RecordBatch> ReadAsync(
        FileScanTask task,
        IReadOnlyList<NestedField> output,
        Predicate? predicate,
        int batchSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var positioned in ReadPositionedAsync(task, output, predicate, batchSize, cancellationToken).ConfigureAwait(false))
        {
            var result = positioned.Live is { } live ? BatchMask.Apply(positioned.Batch, live) : positioned.Batch;
            if (predicate is not null && result.Length > 0)
            {
                result = predicate.Filter(result);
            }

            if (result.Length == 0)
            {
                continue;
            }

            yield return Project(result, output.Count);
        }
    }

    /// <summary>
    /// Reads every row of the data file in file order with its position (<c>FirstPosition</c> + row index) and, when
    /// deletes apply, a mask of the rows still live. Columns: <paramref name="output"/>, then any extra columns the
    /// predicate or equality deletes need. Neither the deletes nor the predicate are applied to the batch itself.
    /// </summary>
    public async IAsyncEnumerable<(RecordBatch Batch, long FirstPosition, bool[]? Live)> ReadPositionedAsync(
        FileScanTask task,
        IReadOnlyList<NestedField> output,
        Predicate? predicate,
        int batchSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var file = task.File;
        if (!string.Equals(file.FileFormat, "PARQUET", StringComparison.OrdinalIgnoreCase))
        {
            throw new UnsupportedFeatureException($"Data file '{file.FilePath}' is {file.FileFormat}; only Parquet data files can be read so far.");
        }

        var positionDeletes = new HashSet<long>();
        RoaringPositionBitmap? vector = null;
        var equalityDeletes = new List<(int[] Ids, HashSet<string> Keys)>();
        foreach (var d in task.Deletes)
        {
            if (d.File.IsDeletionVector)
            {
                vector = await ReadDeletionVectorAsync(d.File, cancellationToken).ConfigureAwait(false);
            }
            else if (d.File.Content == DataFileContent.PositionDeletes)
            {
                await ReadPositionDeletesAsync(d.File, file.FilePath, positionDeletes, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                equalityDeletes.Add(await ReadEqualityDeletesAsync(d.File, cancellationToken).ConfigureAwait(false));
            }
        }

        // Fields to materialize: output, predicate columns, equality delete columns.
        var needed = new List<NestedField>(output);
        void Need(NestedField? f)
        {
            if (f is not null && needed.All(n => n.Id != f.Id)) needed.Add(f);
        }

        if (predicate is not null)
        {
            foreach (var c in predicate.Columns) Need(_schema.FindTopLevelField(c.Split('.')[0]));
        }

        foreach (var (ids, _) in equalityDeletes)
        {
            foreach (var id in ids)
            {
                var f = _schema.Fields.FirstOrDefault(x => x.Id == id)
                    ?? throw new UnsupportedFeatureException($"Equality delete on nested or dropped field {id} is not supported yet.");
                Need(f);
            }
        }

        var location = _paths.Resolve(file.FilePath);
        var stream = await _io.OpenReadAsync(location, cancellationToken).ConfigureAwait(false);
        await using var reader = ParquetBatchReader.Open(stream, location, leaveOpen: false);
        var fileFields = reader.Schema.FieldsList;
        var fileIndexById = new Dictionary<int, int>();
        for (var i = 0; i < fileFields.Count; i++)
        {
            var id = ArrowColumns.FieldId(fileFields[i]) ?? _nameMapping?.FieldId(fileFields[i].Name)
                ?? (_nameMapping is null ? _schema.FindTopLevelField(fileFields[i].Name)?.Id : null);
            if (id is { } fid) fileIndexById.TryAdd(fid, i);
        }

        var expectedFields = needed.Select(IcebergSchema.ToArrowField).ToList();
        var internalSchema = new Schema(expectedFields, null);
        var readColumns = needed.Where(f => fileIndexById.ContainsKey(f.Id)).Select(f => fileFields[fileIndexById[f.Id]].Name).Distinct().ToList();
        if (readColumns.Count == 0 && fileFields.Count > 0)
        {
            readColumns.Add(fileFields[0].Name); // to learn row counts
        }

        var constants = new Dictionary<int, object?>();
        foreach (var f in needed.Where(f => !fileIndexById.ContainsKey(f.Id)))
        {
            constants[f.Id] = IdentityPartitionValue(task, f.Id) ?? DefaultValue(f);
        }

        long position = 0;
        await foreach (var batch in reader.ReadAsync(new ParquetReadOptions { Columns = readColumns, BatchSize = batchSize }, cancellationToken).ConfigureAwait(false))
        {
            var length = batch.Length;
            var columns = new IArrowArray[needed.Count];
            for (var i = 0; i < needed.Count; i++)
            {
                var f = needed[i];
                if (fileIndexById.TryGetValue(f.Id, out var fileIndex))
                {
                    var fileField = fileFields[fileIndex];
                    var column = batch.Column(batch.Schema.GetFieldIndex(fileField.Name));
                    columns[i] = ArrowColumns.Conform(column, fileField, expectedFields[i], ArrowFieldId);
                }
                else
                {
                    var value = constants[f.Id];
                    columns[i] = (value is null ? null : ArrowColumns.Constant(expectedFields[i].DataType, value, length))
                        ?? ArrowColumns.Nulls(expectedFields[i].DataType, length);
                }
            }

            var result = new RecordBatch(internalSchema, columns, length);
            bool[]? liveMask = null;
            if (positionDeletes.Count > 0 || vector is not null || equalityDeletes.Count > 0)
            {
                var keep = new bool[length];
                var eqColumns = equalityDeletes.Select(e => e.Ids.Select(id => columns[needed.FindIndex(n => n.Id == id)]).ToArray()).ToArray();
                for (var r = 0; r < length; r++)
                {
                    var pos = position + r;
                    var deleted = positionDeletes.Contains(pos) || (vector?.Contains(pos) ?? false);
                    for (var e = 0; !deleted && e < equalityDeletes.Count; e++)
                    {
                        deleted = equalityDeletes[e].Keys.Contains(Key(eqColumns[e], r));
                    }

                    keep[r] = !deleted;
                }

                liveMask = keep;
            }

            var first = position;
            position += length;
            yield return (result, first, liveMask);
        }
    }

    private static int? ArrowFieldId(ArrowField field) => ArrowColumns.FieldId(field);

    private static RecordBatch Project(RecordBatch batch, int count)
    {
        if (batch.ColumnCount == count)
        {
            return batch;
        }

        var schema = new Schema(batch.Schema.FieldsList.Take(count), null);
        return new RecordBatch(schema, Enumerable.Range(0, count).Select(batch.Column), batch.Length);
    }

    private static object? IdentityPartitionValue(FileScanTask task, int fieldId)
    {
        for (var i = 0; i < task.Spec.Fields.Count && i < task.File.Partition.Count; i++)
        {
            var pf = task.Spec.Fields[i];
            if (pf.SourceId == fieldId && pf.Transform.Kind == TransformKind.Identity)
            {
                return task.File.Partition[i];
            }
        }

        return null;
    }

    private static object? DefaultValue(NestedField field)
    {
        if (field.InitialDefault is not System.Text.Json.Nodes.JsonValue v)
        {
            return null;
        }

        var type = (field.Type as PrimitiveType)?.Name;
        try
        {
            return field.Type switch
            {
                DecimalType => decimal.Parse(v.ToString(), CultureInfo.InvariantCulture),
                _ => type switch
                {
                    "boolean" => v.GetValue<bool>(),
                    "int" => v.GetValue<int>(),
                    "long" => v.GetValue<long>(),
                    "float" => v.GetValue<float>(),
                    "double" => v.GetValue<double>(),
                    "string" => v.GetValue<string>(),
                    "date" => DateOnly.Parse(v.GetValue<string>(), CultureInfo.InvariantCulture),
                    "time" => TimeOnly.Parse(v.GetValue<string>(), CultureInfo.InvariantCulture).Ticks / 10,
                    "timestamp" or "timestamptz" => Transform.TemporalOrIntegral(DateTimeOffset.Parse(v.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), type),
                    _ => null,
                },
            };
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            throw new CorruptDataException($"The initial-default of column '{field.Name}' ({v.ToJsonString()}) does not fit its type '{field.Type}'; fix the table schema.", ex);
        }
    }

    /// <summary>A row key over some columns, equal for equal values (used for equality deletes and upserts).</summary>
    internal static string Key(IArrowArray[] columns, int row)
    {
        var sb = new StringBuilder();
        foreach (var c in columns)
        {
            var v = ArrowColumns.Value(c, row);
            sb.Append(v switch
            {
                null => "\u0000",
                double d => "d" + d.ToString("R", CultureInfo.InvariantCulture),
                IFormattable f => "v" + f.ToString(null, CultureInfo.InvariantCulture),
                _ => "v" + v,
            }).Append('\u0001');
        }

        return sb.ToString();
    }

    private async Task<RoaringPositionBitmap> ReadDeletionVectorAsync(DataFile dv, CancellationToken cancellationToken)
    {
        var location = _paths.Resolve(dv.FilePath);
        if (dv.ContentOffset is not { } offset || dv.ContentSizeInBytes is not { } size)
        {
            throw new CorruptDataException($"Deletion vector entry for '{dv.FilePath}' lacks content_offset or content_size_in_bytes; the delete manifest is corrupt.");
        }

        var magic = await _io.ReadRangeAsync(location, 0, 4, cancellationToken).ConfigureAwait(false);
        if (!magic.Span.SequenceEqual(DeletionVectorReader.PuffinMagic))
        {
            throw new CorruptDataException($"Deletion vector file '{location}' is not a Puffin file (bad magic); it may be a legacy bare blob, which is not valid in Iceberg v3.");
        }

        var blob = await _io.ReadRangeAsync(location, offset, checked((int)size), cancellationToken).ConfigureAwait(false);
        var bitmap = DeletionVectorReader.ReadBlob(blob.Span, location);
        if (bitmap.Cardinality != dv.RecordCount)
        {
            throw new CorruptDataException($"Deletion vector in '{location}' holds {bitmap.Cardinality} positions but its manifest entry says {dv.RecordCount}; the delete file is corrupt.");
        }

        return bitmap;
    }

    private async Task ReadPositionDeletesAsync(DataFile deleteFile, string dataFilePath, HashSet<long> positions, CancellationToken cancellationToken)
    {
        var location = _paths.Resolve(deleteFile.FilePath);
        var stream = await _io.OpenReadAsync(location, cancellationToken).ConfigureAwait(false);
        await using var reader = ParquetBatchReader.Open(stream, location, leaveOpen: false);
        var pathName = FindColumn(reader.Schema, DeleteFilePathId, "file_path", location);
        var posName = FindColumn(reader.Schema, DeletePosId, "pos", location);
        await foreach (var batch in reader.ReadAsync(new ParquetReadOptions { Columns = [pathName, posName] }, cancellationToken).ConfigureAwait(false))
        {
            var paths = (StringArray)batch.Column(0);
            var pos = batch.Column(1) as Int64Array ?? throw new CorruptDataException($"Position delete file '{location}' has a non-long 'pos' column.");
            for (var i = 0; i < batch.Length; i++)
            {
                if (paths.GetString(i) == dataFilePath && pos.GetValue(i) is { } p)
                {
                    positions.Add(p);
                }
            }
        }
    }

    private async Task<(int[] Ids, HashSet<string> Keys)> ReadEqualityDeletesAsync(DataFile deleteFile, CancellationToken cancellationToken)
    {
        var ids = deleteFile.EqualityIds?.ToArray() is { Length: > 0 } e
            ? e
            : throw new CorruptDataException($"Equality delete file '{deleteFile.FilePath}' has no equality_ids; the delete manifest is corrupt.");
        var location = _paths.Resolve(deleteFile.FilePath);
        var stream = await _io.OpenReadAsync(location, cancellationToken).ConfigureAwait(false);
        await using var reader = ParquetBatchReader.Open(stream, location, leaveOpen: false);
        var names = ids.Select(id => FindColumn(reader.Schema, id, _schema.FindField(id)?.Name ?? id.ToString(CultureInfo.InvariantCulture), location)).ToList();
        var expected = ids.Select(id => _schema.FindField(id) is { } f ? IcebergSchema.ToArrowField(f) : null).ToArray();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var batch in reader.ReadAsync(new ParquetReadOptions { Columns = names }, cancellationToken).ConfigureAwait(false))
        {
            var columns = new IArrowArray[ids.Length];
            for (var c = 0; c < ids.Length; c++)
            {
                var column = batch.Column(c);
                columns[c] = expected[c] is { } ef ? ArrowColumns.Conform(column, batch.Schema.GetFieldByIndex(c), ef, ArrowFieldId) : column;
            }

            for (var r = 0; r < batch.Length; r++)
            {
                keys.Add(Key(columns, r));
            }
        }

        return (ids, keys);
    }

    private static string FindColumn(Schema schema, int id, string fallbackName, string location)
    {
        foreach (var f in schema.FieldsList)
        {
            if (ArrowColumns.FieldId(f) == id) return f.Name;
        }

        foreach (var f in schema.FieldsList)
        {
            if (f.Name == fallbackName) return f.Name;
        }

        throw new CorruptDataException($"Delete file '{location}' has no column with field id {id} ('{fallbackName}'); the delete file is corrupt.");
    }
}
