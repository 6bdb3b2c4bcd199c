using System.Globalization;
using Apache.Arrow;
using Orasi.Connectors.Iceberg.IO;
using Orasi.Connectors.Iceberg.Scan;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Parquet;

namespace Orasi.Connectors.Iceberg.Operations;

/// <summary>
/// Writes Arrow batches as Parquet data files of a table (field ids in the Parquet schema), one open file per
/// partition tuple of the spec, and describes each file as a <see cref="DataFile"/> with metrics.
/// </summary>
internal sealed class DataFileWriter : IAsyncDisposable
{
    private readonly IcebergFileIO _io;
    private readonly IcebergSchema _schema;
    private readonly PartitionSpec _spec;
    private readonly string _dataLocation;
    private readonly Schema _arrowSchema;
    private readonly List<(PartitionField Field, NestedField Source, int Column)> _partitionSources = new();
    private readonly Dictionary<string, OpenFile> _open = new(StringComparer.Ordinal);
    private readonly List<DataFile> _written = new();
    private readonly ParquetWriteOptions _options;

    public DataFileWriter(IcebergFileIO io, TableMetadata metadata, IcebergSchema? schema = null, PartitionSpec? spec = null)
    {
        _io = io;
        _schema = schema ?? metadata.CurrentSchema;
        _spec = spec ?? metadata.DefaultSpec;
        _dataLocation = metadata.Properties.GetValueOrDefault("write.data.path") ?? metadata.Location.TrimEnd('/') + "/data";
        _arrowSchema = _schema.ToArrowSchema();
        var codec = metadata.Properties.GetValueOrDefault("write.parquet.compression-codec", "zstd").ToLowerInvariant();
        _options = ParquetWriteOptions.Default with
        {
            Compression = codec switch
            {
                "snappy" => ParquetCompression.Snappy,
                "gzip" => ParquetCompression.Gzip,
                "uncompressed" or "none" => ParquetCompression.None,
                "lz4" => ParquetCompression.Lz4,
                _ => ParquetCompression.Zstd,
            },
        };
        foreach (var f in _spec.Fields)
        {
            if (f.Transform.Kind == TransformKind.Void) continue;
            var source = _schema.FindField(f.SourceId) ?? throw new ValidationFailedException($"Partition field '{f.Name}' refers to column id {f.SourceId}, which the schema does not have.");
            var column = _schema.Fields.ToList().FindIndex(x => x.Id == f.SourceId);
            if (column < 0) throw new UnsupportedFeatureException($"Partition field '{f.Name}' sources a nested column; only top-level columns can be partition sources for writes.");
            _partitionSources.Add((f, source, column));
        }
    }

    /// <summary>The Arrow schema data files are written with (table column names, types and field ids).</summary>
    public Schema ArrowSchema => _arrowSchema;

    /// <summary>Writes a batch whose columns match the table schema by name.</summary>
    public async Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        var conformed = Conform(batch);
        if (conformed.Length == 0) return;
        if (_partitionSources.Count == 0)
        {
            await WriteToAsync(System.Array.Empty<object?>(), conformed, cancellationToken).ConfigureAwait(false);
            return;
        }

        var groups = new Dictionary<string, (object?[] Tuple, bool[] Mask)>(StringComparer.Ordinal);
        object?[]? previous = null;
        bool[]? previousMask = null;
        var runKeys = RunKeys(conformed);
        for (var row = 0; row < conformed.Length; row++)
        {
            if (previous is not null && runKeys is not null && SameRun(runKeys, row))
            {
                // Same partition as the previous row, known from the raw values without boxing.
                previousMask![row] = true;
                continue;
            }

            var tuple = PartitionTuple(conformed, row);
            if (previous is not null && SameTuple(previous, tuple))
            {
                // Rows of one partition usually come in runs (telemetry is time-ordered): skip the path string.
                previousMask![row] = true;
                continue;
            }

            var key = PartitionPath(tuple);
            if (!groups.TryGetValue(key, out var g))
            {
                g = (tuple, new bool[conformed.Length]);
                groups[key] = g;
            }

            g.Mask[row] = true;
            previous = tuple;
            previousMask = g.Mask;
        }

        foreach (var (_, g) in groups)
        {
            await WriteToAsync(g.Tuple, groups.Count == 1 ? conformed : BatchMask.Apply(conformed, g.Mask), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Completes every open file and returns the data files written.</summary>
    public async Task<IReadOnlyList<DataFile>> CompleteAsync(CancellationToken cancellationToken)
    {
        foreach (var (_, f) in _open)
        {
            await CloseAsync(f, cancellationToken).ConfigureAwait(false);
        }

        _open.Clear();
        return _written.ToList();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var f in _open.Values)
        {
            f.Stream.Abort();
            await f.Writer.DisposeAsync().ConfigureAwait(false);
            await f.Stream.DisposeAsync().ConfigureAwait(false);
        }

        _open.Clear();
    }

    internal object?[] PartitionTuple(RecordBatch batch, int row)
    {
        var tuple = new object?[_spec.Fields.Count];
        var next = 0;
        for (var i = 0; i < tuple.Length; i++)
        {
            var f = _spec.Fields[i];
            if (f.Transform.Kind == TransformKind.Void) continue;
            var src = _partitionSources[next++];
            tuple[i] = f.Transform.Apply(ArrowValues.Get(batch.Column(src.Column), row, src.Source.Type), src.Source.Type);
        }

        return tuple;
    }

    /// <summary>
    /// Per partition field, a key per row such that equal keys of consecutive rows imply the same partition value
    /// (the day for time transforms, which is at least as fine as year/month/day; the raw value for identity on
    /// integers and dates); null when some field has no such cheap key, and rows then compare their tuples.
    /// </summary>
    private long[][]? RunKeys(RecordBatch batch)
    {
        var keys = new long[_partitionSources.Count][];
        for (var i = 0; i < keys.Length; i++)
        {
            var (field, _, column) = _partitionSources[i];
            var k = RunKeys(batch.Column(column), field.Transform.Kind);
            if (k is null) return null;
            keys[i] = k;
        }

        return keys;
    }

    private static long[]? RunKeys(IArrowArray array, TransformKind transform)
    {
        long divisor;
        ReadOnlySpan<long> longs = default;
        ReadOnlySpan<int> ints = default;
        switch (array)
        {
            case TimestampArray ts when transform is TransformKind.Year or TransformKind.Month or TransformKind.Day or TransformKind.Hour or TransformKind.Identity:
                var perHour = ((Apache.Arrow.Types.TimestampType)ts.Data.DataType).Unit switch
                {
                    Apache.Arrow.Types.TimeUnit.Nanosecond => 3_600_000_000_000L,
                    Apache.Arrow.Types.TimeUnit.Microsecond => 3_600_000_000L,
                    Apache.Arrow.Types.TimeUnit.Millisecond => 3_600_000L,
                    _ => 3_600L,
                };
                divisor = transform switch { TransformKind.Identity => 1, TransformKind.Hour => perHour, _ => perHour * 24 };
                longs = ts.Values;
                break;
            case Int64Array l when transform is TransformKind.Identity:
                divisor = 1;
                longs = l.Values;
                break;
            case Int32Array i when transform is TransformKind.Identity:
                divisor = 1;
                ints = i.Values;
                break;
            case Date32Array d when transform is TransformKind.Identity or TransformKind.Year or TransformKind.Month or TransformKind.Day:
                divisor = 1;
                ints = d.Values;
                break;
            default:
                return null;
        }

        var keys = new long[array.Length];
        if (ints.Length > 0 || longs.Length == 0)
        {
            for (var r = 0; r < keys.Length; r++) keys[r] = ints[r];
        }
        else if (divisor == 1)
        {
            longs[..keys.Length].CopyTo(keys);
        }
        else
        {
            for (var r = 0; r < keys.Length; r++) keys[r] = Math.DivRem(longs[r], divisor, out var rem) - (rem < 0 ? 1 : 0);
        }

        if (array.NullCount > 0)
        {
            if (divisor == 1 && longs.Length > 0)
            {
                return null; // long.MinValue is a value here, so it cannot mark nulls.
            }

            // Nulls get a key no value has, so a null next to a value starts a new run.
            for (var r = 0; r < keys.Length; r++)
            {
                if (array.IsNull(r)) keys[r] = long.MinValue;
            }
        }

        return keys;
    }

    private static bool SameRun(long[][] keys, int row)
    {
        foreach (var k in keys)
        {
            if (k[row] != k[row - 1]) return false;
        }

        return true;
    }

    private static bool SameTuple(object?[] a, object?[] b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            var same = (a[i], b[i]) switch
            {
                (null, null) => true,
                (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
                (var x, var y) => x is not null && x.Equals(y),
            };
            if (!same)
            {
                return false;
            }
        }

        return true;
    }

    private string PartitionPath(object?[] tuple)
    {
        if (_spec.Fields.Count == 0) return string.Empty;
        return string.Join('/', _spec.Fields.Select((f, i) => Uri.EscapeDataString(f.Name) + "=" + Uri.EscapeDataString(Human(tuple[i], f))));
    }

    private string Human(object? value, PartitionField field)
    {
        if (value is null) return "null";
        var source = _schema.FindField(field.SourceId);
        return (field.Transform.Kind, value) switch
        {
            (TransformKind.Day, int d) => DateOnly.FromDayNumber(Conversions.EpochDay + d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            (TransformKind.Identity, int d) when source?.Type is PrimitiveType { Name: "date" } => DateOnly.FromDayNumber(Conversions.EpochDay + d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            (TransformKind.Year, int y) => (1970 + y).ToString(CultureInfo.InvariantCulture),
            (TransformKind.Month, int m) => $"{1970 + Math.DivRem(m, 12, out var rem) - (m < 0 && rem != 0 ? 1 : 0):D4}-{((m % 12) + 12) % 12 + 1:D2}",
            (_, byte[] b) => Convert.ToHexString(b),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
        };
    }

    private async Task WriteToAsync(object?[] tuple, RecordBatch batch, CancellationToken cancellationToken)
    {
        var path = PartitionPath(tuple);
        if (!_open.TryGetValue(path, out var file))
        {
            var location = $"{_dataLocation}/{(path.Length == 0 ? string.Empty : path + "/")}{Guid.NewGuid():N}.parquet";
            var (store, key) = _io.Locate(location);
            var stream = await store.OpenWriteAsync(key, cancellationToken).ConfigureAwait(false);
            file = new OpenFile(location, tuple, stream, new ParquetBatchWriter(stream, _arrowSchema, _options, location));
            _open[path] = file;
        }

        await file.Writer.WriteBatchAsync(batch, cancellationToken).ConfigureAwait(false);
    }

    private async Task CloseAsync(OpenFile f, CancellationToken cancellationToken)
    {
        var summary = await f.Writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        await f.Writer.DisposeAsync().ConfigureAwait(false);
        var meta = await f.Stream.CompleteAsync(cancellationToken).ConfigureAwait(false);
        await f.Stream.DisposeAsync().ConfigureAwait(false);
        var df = new DataFile(DataFileContent.Data, f.Location, "PARQUET", f.Tuple, summary.RowCount, meta.Size > 0 ? meta.Size : summary.BytesWritten)
        {
            SpecId = _spec.SpecId,
        };
        _written.Add(MetricsBuilder.Apply(df, _schema, summary));
    }

    private RecordBatch Conform(RecordBatch batch)
    {
        var columns = new IArrowArray[_arrowSchema.FieldsList.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            var target = _arrowSchema.FieldsList[i];
            var index = batch.Schema.GetFieldIndex(target.Name);
            if (index < 0)
            {
                if (!target.IsNullable) throw new ValidationFailedException($"Column '{target.Name}' is required by the table schema but missing from the data; add the column.");
                columns[i] = ArrowColumns.Nulls(target.DataType, batch.Length);
                continue;
            }

            var column = batch.Column(index);
            if (!Same(column.Data.DataType, target.DataType))
            {
                throw new ValidationFailedException($"Column '{target.Name}' has Arrow type {column.Data.DataType.Name} but the table expects {target.DataType.Name}; cast the column first.");
            }

            if (!target.IsNullable && column.NullCount > 0)
            {
                throw new ValidationFailedException($"Column '{target.Name}' is required but has {column.NullCount} null values; fill them before writing.");
            }

            columns[i] = column;
        }

        foreach (var f in batch.Schema.FieldsList)
        {
            if (_arrowSchema.GetFieldIndex(f.Name) < 0)
            {
                throw new ValidationFailedException($"Column '{f.Name}' is not in the table schema; add it with a schema update first.");
            }
        }

        return new RecordBatch(_arrowSchema, columns, batch.Length);
    }

    private static bool Same(Apache.Arrow.Types.IArrowType a, Apache.Arrow.Types.IArrowType b) => a.TypeId == b.TypeId && a.TypeId switch
    {
        Apache.Arrow.Types.ArrowTypeId.Timestamp => ((Apache.Arrow.Types.TimestampType)a).Unit == ((Apache.Arrow.Types.TimestampType)b).Unit
            && string.IsNullOrEmpty(((Apache.Arrow.Types.TimestampType)a).Timezone) == string.IsNullOrEmpty(((Apache.Arrow.Types.TimestampType)b).Timezone),
        Apache.Arrow.Types.ArrowTypeId.Decimal128 => ((Apache.Arrow.Types.Decimal128Type)a).Scale == ((Apache.Arrow.Types.Decimal128Type)b).Scale,
        _ => true,
    };

    private sealed record OpenFile(string Location, object?[] Tuple, Storage.ObjectWriteStream Stream, ParquetBatchWriter Writer);
}
