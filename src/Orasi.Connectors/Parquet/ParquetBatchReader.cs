using System.Runtime.CompilerServices;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Orasi.Connectors.Predicates;
using ParquetSharp;
using ParquetSharp.Arrow;

namespace Orasi.Connectors.Parquet;

/// <summary>
/// Reads a Parquet file as Arrow record batches (ParquetSharp's Arrow reader), with top-level column projection and
/// row-group pruning by footer statistics.
/// </summary>
/// <remarks>
/// The footer is read when the reader is opened; <see cref="Schema"/> and <see cref="RowGroups"/> come from it. Each
/// <see cref="ReadAsync"/> opens its own native reader over the same file, so reads may follow one another but must not
/// overlap when the reader was opened over a stream. Parquet has no seconds unit: a <c>timestamp[s]</c> column reads
/// back as <c>timestamp[ms]</c> with the same instants.
/// </remarks>
public sealed class ParquetBatchReader : IAsyncDisposable
{
    private readonly string? _path;
    private readonly Stream? _stream;
    private readonly bool _ownsStream;
    private readonly string _name;
    private readonly int[][] _leafColumnsOfField;
    private long _rowGroupsRead;
    private long _rowGroupsSkipped;
    private bool _disposed;

    private ParquetBatchReader(string? path, Stream? stream, bool ownsStream, string name)
    {
        _path = path;
        _stream = stream;
        _ownsStream = ownsStream;
        _name = name;
        try
        {
            using var reader = OpenNative(batchSize: 65_536);
            Schema = reader.Schema;
            var manifest = reader.SchemaManifest;
            _leafColumnsOfField = manifest.SchemaFields.Select(LeafColumns).ToArray();
            // Every ParquetReader access hands out a wrapper owning a reference to the native file reader (and through it
            // the stream callbacks): dispose them here, or a finalizer frees the native reader after the stream's
            // managed callbacks are gone.
            using var parquetReader = reader.ParquetReader;
            using var metadata = parquetReader.FileMetaData;
            RowCount = metadata.NumRows;
            var descriptors = Enumerable.Range(0, metadata.NumColumns).Select(i => metadata.Schema.Column(i)).ToArray();
            var paths = descriptors.Select(d =>
            {
                using var p = d.Path;
                return p.ToDotString();
            }).ToArray();
            var leafTypes = Enumerable.Range(0, metadata.NumColumns).Select(i => manifest.GetColumnField(i).Field.DataType).ToArray();
            var groups = new List<ParquetRowGroupInfo>(metadata.NumRowGroups);
            for (var g = 0; g < metadata.NumRowGroups; g++)
            {
                using var rowGroup = parquetReader.RowGroup(g);
                var rowGroupMetadata = rowGroup.MetaData;
                var columns = new ColumnStatistics[metadata.NumColumns];
                for (var c = 0; c < columns.Length; c++)
                {
                    using var chunk = rowGroupMetadata.GetColumnChunkMetaData(c);
                    columns[c] = FooterStatistics.Read(chunk, descriptors[c], leafTypes[c], paths[c]);
                }

                groups.Add(new ParquetRowGroupInfo(g, rowGroupMetadata.NumRows, rowGroupMetadata.TotalByteSize, columns));
            }

            RowGroups = groups;
        }
        catch (ParquetException ex)
        {
            DisposeStream();
            throw Corrupt(ex);
        }
        catch
        {
            DisposeStream();
            throw;
        }
    }

    /// <summary>The Arrow schema of the file.</summary>
    public Schema Schema { get; }

    /// <summary>Rows in the file, from the footer.</summary>
    public long RowCount { get; }

    /// <summary>The file's row groups with their footer statistics.</summary>
    public IReadOnlyList<ParquetRowGroupInfo> RowGroups { get; }

    /// <summary>Row groups read by all <see cref="ReadAsync"/> calls so far.</summary>
    public long RowGroupsRead => Interlocked.Read(ref _rowGroupsRead);

    /// <summary>Row groups skipped by all <see cref="ReadAsync"/> calls so far because their statistics ruled out the filter.</summary>
    public long RowGroupsSkipped => Interlocked.Read(ref _rowGroupsSkipped);

    /// <summary>Opens the Parquet file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">No file at the path.</exception>
    /// <exception cref="CorruptDataException">The file is not valid Parquet (e.g. truncated); the message names it.</exception>
    public static ParquetBatchReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Parquet file '{path}' does not exist; check the path.", path);
        }

        return new ParquetBatchReader(path, null, ownsStream: false, path);
    }

    /// <summary>Opens a Parquet file held in a seekable, readable stream.</summary>
    /// <param name="source">The file's bytes; read with seeks, never written.</param>
    /// <param name="name">The file's name for error messages (a path or object key).</param>
    /// <param name="leaveOpen">Whether disposing the reader leaves <paramref name="source"/> open.</param>
    /// <exception cref="ValidationFailedException">The stream cannot seek or read.</exception>
    /// <exception cref="CorruptDataException">The bytes are not valid Parquet; the message names the file.</exception>
    public static ParquetBatchReader Open(Stream source, string? name = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        var label = name ?? (source as FileStream)?.Name ?? "stream";
        if (!source.CanSeek || !source.CanRead)
        {
            throw new ValidationFailedException($"Parquet file '{label}' must be read from a seekable, readable stream; copy it to a file or MemoryStream first.");
        }

        // A local file is read natively by its path: no reads call back into managed code from Arrow's threads, and
        // native IO is faster. The stream is still owned (and disposed) as the caller asked.
        var localPath = source is FileStream { Name: { Length: > 0 } fileName } && Path.IsPathRooted(fileName) && File.Exists(fileName) ? fileName : null;
        return new ParquetBatchReader(localPath, source, ownsStream: !leaveOpen, label);
    }

    /// <summary>The indexes of the row groups a read with <paramref name="filter"/> would read.</summary>
    public IReadOnlyList<int> SelectRowGroups(Predicate? filter) =>
        RowGroups.Where(g => filter is null || filter.CanMatch(g)).Select(g => g.Index).ToArray();

    /// <summary>Streams the file's rows as record batches.</summary>
    /// <exception cref="ValidationFailedException">A projected or filtered column does not exist, or a filter literal does not fit its column.</exception>
    /// <exception cref="CorruptDataException">A page cannot be decoded; the message names the file.</exception>
    public async IAsyncEnumerable<RecordBatch> ReadAsync(ParquetReadOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        options ??= ParquetReadOptions.Default;
        if (options.BatchSize <= 0)
        {
            throw new ValidationFailedException($"Batch size {options.BatchSize} for reading '{_name}' must be positive.");
        }

        var filter = options.Filter;
        filter?.Validate(Schema);
        var requested = options.Columns?.ToArray();
        var fieldsToRead = new SortedSet<int>();
        if (requested is null)
        {
            for (var i = 0; i < Schema.FieldsList.Count; i++) fieldsToRead.Add(i);
        }
        else
        {
            foreach (var column in requested) fieldsToRead.Add(FieldIndex(column));
        }

        var applyFilter = filter is not null && options.ApplyRowFilter;
        if (applyFilter)
        {
            foreach (var column in filter!.Columns) fieldsToRead.Add(FieldIndex(column.Split('.')[0], column));
        }

        var rowGroups = SelectRowGroups(filter);
        Interlocked.Add(ref _rowGroupsSkipped, RowGroups.Count - rowGroups.Count);
        if (rowGroups.Count == 0)
        {
            yield break;
        }

        Interlocked.Add(ref _rowGroupsRead, rowGroups.Count);
        var leafColumns = fieldsToRead.SelectMany(f => _leafColumnsOfField[f]).Order().ToArray();
        var outputNames = requested ?? Schema.FieldsList.Select(f => f.Name).ToArray();

        FileReader reader;
        IArrowArrayStream batches;
        try
        {
            reader = OpenNative(options.BatchSize);
        }
        catch (ParquetException ex)
        {
            throw Corrupt(ex);
        }

        try
        {
            batches = reader.GetRecordBatchReader(rowGroups.ToArray(), leafColumns);
        }
        catch (ParquetException ex)
        {
            reader.Dispose();
            throw Corrupt(ex);
        }
        catch
        {
            reader.Dispose();
            throw;
        }

        try
        {
            while (true)
            {
                RecordBatch? batch;
                try
                {
                    batch = await batches.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (ParquetException ex)
                {
                    throw Corrupt(ex);
                }

                if (batch is null)
                {
                    break;
                }

                if (applyFilter)
                {
                    batch = filter!.Filter(batch);
                    if (batch.Length == 0)
                    {
                        continue;
                    }
                }

                yield return Project(batch, outputNames);
            }
        }
        finally
        {
            batches.Dispose();
            reader.Dispose();
        }
    }

    /// <summary>Closes the file (and the stream when the reader owns it).</summary>
    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            DisposeStream();
        }

        return ValueTask.CompletedTask;
    }

    private static RecordBatch Project(RecordBatch batch, string[] names)
    {
        var fields = batch.Schema.FieldsList;
        if (fields.Count == names.Length && fields.Select(f => f.Name).SequenceEqual(names, StringComparer.Ordinal))
        {
            return batch;
        }

        var indexes = names.Select(n => IndexOf(fields, n)).ToArray();
        var schema = new Schema(indexes.Select(i => fields[i]), batch.Schema.Metadata);
        return new RecordBatch(schema, indexes.Select(batch.Column), batch.Length);
    }

    private static int IndexOf(IReadOnlyList<Field> fields, string name)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (string.Equals(fields[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static int[] LeafColumns(SchemaField field)
    {
        var leaves = new List<int>();
        Collect(field);
        return leaves.ToArray();

        void Collect(SchemaField f)
        {
            if (f.ColumnIndex >= 0)
            {
                leaves.Add(f.ColumnIndex);
            }

            foreach (var child in f.Children)
            {
                Collect(child);
            }
        }
    }

    private int FieldIndex(string name, string? fullPath = null)
    {
        var exact = fullPath is null ? -1 : IndexOf(Schema.FieldsList, fullPath);
        if (exact >= 0)
        {
            return exact;
        }

        var index = IndexOf(Schema.FieldsList, name);
        if (index < 0)
        {
            throw new ValidationFailedException(
                $"Column '{fullPath ?? name}' does not exist in Parquet file '{_name}'; use one of: {string.Join(", ", Schema.FieldsList.Select(f => f.Name))}.");
        }

        return index;
    }

    private FileReader OpenNative(int batchSize)
    {
        using var arrowProperties = ArrowReaderProperties.GetDefault();
        arrowProperties.BatchSize = batchSize;
        if (_path is not null)
        {
            return new FileReader(_path, arrowProperties: arrowProperties);
        }

        // No pre-buffering from a managed stream: Arrow would read ahead on its own IO threads through callbacks into
        // the stream, and reads still in flight when the reader is disposed early (a limit, a break, an error) would
        // call back into a released stream and bring the process down. Reads stay on the calling thread instead.
        arrowProperties.PreBuffer = false;
        _stream!.Position = 0;
        return new FileReader(_stream, arrowProperties: arrowProperties, leaveOpen: true);
    }

    private CorruptDataException Corrupt(ParquetException ex)
    {
        var message = ex.Message;
        var end = message.IndexOfAny(['\r', '\n']);
        var first = (end < 0 ? message : message[..end]).TrimEnd('.');
        return new CorruptDataException($"Parquet file '{_name}' cannot be read ({first}); check that it is complete and really Parquet, and rewrite it if not.", ex);
    }

    private void DisposeStream()
    {
        if (_ownsStream)
        {
            _stream?.Dispose();
        }
    }
}
