using System.Buffers;
using System.Text;
using System.Text.Json;
using Apache.Arrow;

namespace Orasi.Connectors.Formatting;

/// <summary>
/// Writes Arrow record batches as CSV (RFC 4180): a header row of column names, then one record per row. Fields that
/// contain the delimiter, a quote, CR or LF are quoted with inner quotes doubled. A null is an empty unquoted field and
/// an empty string is <c>""</c>, so the two stay distinguishable. Scalars use the same text as
/// <see cref="JsonLinesBatchWriter"/> (without JSON quotes); structs, lists and maps are written as their JSON text.
/// </summary>
public sealed class CsvBatchWriter : IDisposable, IAsyncDisposable
{
    private const int FlushThreshold = 1 << 20;
    private readonly Utf8OutputTarget target;
    private readonly CsvBatchWriterOptions options;
    private readonly byte[] newLine;
    private readonly ArrayBufferWriter<byte> buffer = new(64 * 1024);
    private readonly ArrayBufferWriter<byte> cell = new(256);
    private readonly Utf8JsonWriter scratch;
    private string[]? header;
    private bool disposed;

    /// <summary>Writes UTF-8 CSV to <paramref name="stream"/>.</summary>
    /// <param name="stream">The output stream.</param>
    /// <param name="options">Delimiter, line ending, header; null for the defaults.</param>
    /// <param name="leaveOpen">When true, disposing the writer leaves the stream open.</param>
    public CsvBatchWriter(Stream stream, CsvBatchWriterOptions? options = null, bool leaveOpen = false)
        : this(new Utf8OutputTarget(stream, leaveOpen), options)
    {
    }

    /// <summary>Writes CSV to <paramref name="writer"/>.</summary>
    /// <param name="writer">The output text writer.</param>
    /// <param name="options">Delimiter, line ending, header; null for the defaults.</param>
    /// <param name="leaveOpen">When true, disposing the writer leaves <paramref name="writer"/> open.</param>
    public CsvBatchWriter(TextWriter writer, CsvBatchWriterOptions? options = null, bool leaveOpen = false)
        : this(new Utf8OutputTarget(writer, leaveOpen), options)
    {
    }

    private CsvBatchWriter(Utf8OutputTarget target, CsvBatchWriterOptions? options)
    {
        this.options = options ?? new CsvBatchWriterOptions();
        if (this.options.Delimiter is '"' or '\r' or '\n' || this.options.Delimiter > 127)
        {
            throw new ArgumentException("The CSV delimiter must be an ASCII character other than a quote, CR or LF.", nameof(options));
        }

        this.target = target;
        newLine = Encoding.UTF8.GetBytes(this.options.NewLine);
        scratch = new Utf8JsonWriter(cell, ColumnFormatterFactory.WriterOptions);
    }

    /// <summary>Rows written so far (the header not counted).</summary>
    public long RowsWritten { get; private set; }

    /// <summary>Writes the header for <paramref name="schema"/> now (otherwise it is written before the first batch),
    /// so an empty result still has its column names.</summary>
    /// <param name="schema">The schema of the batches to come.</param>
    public void WriteHeader(Schema schema)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        EnsureHeader(schema);
        target.Write(buffer.WrittenSpan);
        buffer.ResetWrittenCount();
    }

    /// <summary>Writes every row of <paramref name="batch"/>.</summary>
    /// <param name="batch">The rows; all batches must have the same column names.</param>
    /// <exception cref="ValidationFailedException">The batch's columns differ from the header already written.</exception>
    /// <exception cref="UnsupportedFeatureException">A column has a type without a text form.</exception>
    public void Write(RecordBatch batch)
    {
        ColumnFormatter[] columns = Prepare(batch);
        for (int row = 0; row < batch.Length; row++)
        {
            WriteRow(columns, row);
            if (buffer.WrittenCount >= FlushThreshold)
            {
                target.Write(buffer.WrittenSpan);
                buffer.ResetWrittenCount();
            }
        }

        target.Write(buffer.WrittenSpan);
        buffer.ResetWrittenCount();
    }

    /// <summary>Writes every row of <paramref name="batch"/> asynchronously.</summary>
    /// <param name="batch">The rows; all batches must have the same column names.</param>
    /// <param name="cancellationToken">Cancels between chunks of output.</param>
    /// <returns>A task completing when the rows are handed to the output.</returns>
    /// <exception cref="ValidationFailedException">The batch's columns differ from the header already written.</exception>
    public async ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken = default)
    {
        ColumnFormatter[] columns = Prepare(batch);
        for (int row = 0; row < batch.Length; row++)
        {
            WriteRow(columns, row);
            if (buffer.WrittenCount >= FlushThreshold)
            {
                await target.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                buffer.ResetWrittenCount();
            }
        }

        await target.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        buffer.ResetWrittenCount();
    }

    /// <summary>Flushes the underlying output.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        target.Flush();
    }

    /// <summary>Flushes the underlying output asynchronously.</summary>
    /// <param name="cancellationToken">Cancels the flush.</param>
    /// <returns>A task completing when flushed.</returns>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return target.FlushAsync(cancellationToken);
    }

    /// <summary>Formats <paramref name="batch"/> as CSV text (for small outputs and tests).</summary>
    /// <param name="batch">The rows.</param>
    /// <param name="options">Delimiter, line ending, header; null for the defaults.</param>
    /// <returns>The CSV text.</returns>
    public static string ToCsv(RecordBatch batch, CsvBatchWriterOptions? options = null)
    {
        using var stream = new MemoryStream();
        using (var writer = new CsvBatchWriter(stream, options, leaveOpen: true))
        {
            writer.Write(batch);
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        scratch.Dispose();
        target.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        await scratch.DisposeAsync().ConfigureAwait(false);
        await target.DisposeAsync().ConfigureAwait(false);
    }

    private ColumnFormatter[] Prepare(RecordBatch batch)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(batch);
        EnsureHeader(batch.Schema);
        var fields = batch.Schema.FieldsList;
        var columns = new ColumnFormatter[fields.Count];
        for (int c = 0; c < fields.Count; c++)
        {
            columns[c] = ColumnFormatterFactory.Create(batch.Column(c), fields[c].Name);
        }

        return columns;
    }

    private void EnsureHeader(Schema schema)
    {
        string[] names = schema.FieldsList.Select(f => f.Name).ToArray();
        if (header is not null)
        {
            if (!header.SequenceEqual(names, StringComparer.Ordinal))
            {
                throw new ValidationFailedException(
                    $"CSV output started with columns [{string.Join(", ", header)}] but a batch has columns [{string.Join(", ", names)}]; write batches of one schema per file.");
            }

            return;
        }

        header = names;
        if (!options.IncludeHeader)
        {
            return;
        }

        for (int c = 0; c < names.Length; c++)
        {
            if (c > 0)
            {
                buffer.Write([(byte)options.Delimiter]);
            }

            cell.ResetWrittenCount();
            cell.Write(Encoding.UTF8.GetBytes(names[c]));
            WriteField(cell.WrittenSpan);
        }

        buffer.Write(newLine);
    }

    private void WriteRow(ColumnFormatter[] columns, int row)
    {
        for (int c = 0; c < columns.Length; c++)
        {
            if (c > 0)
            {
                buffer.Write([(byte)options.Delimiter]);
            }

            ColumnFormatter column = columns[c];
            if (column.IsNull(row))
            {
                continue;
            }

            cell.ResetWrittenCount();
            column.WriteText(cell, scratch, row);
            WriteField(cell.WrittenSpan);
        }

        buffer.Write(newLine);
        RowsWritten++;
    }

    private void WriteField(ReadOnlySpan<byte> text)
    {
        byte delimiter = (byte)options.Delimiter;
        bool quote = text.IsEmpty || text.IndexOfAny((byte)'"', (byte)'\r', (byte)'\n') >= 0 || text.IndexOf(delimiter) >= 0;
        if (!quote)
        {
            buffer.Write(text);
            return;
        }

        buffer.Write("\""u8);
        while (true)
        {
            int q = text.IndexOf((byte)'"');
            if (q < 0)
            {
                buffer.Write(text);
                break;
            }

            buffer.Write(text[..(q + 1)]);
            buffer.Write("\""u8);
            text = text[(q + 1)..];
        }

        buffer.Write("\""u8);
    }
}
