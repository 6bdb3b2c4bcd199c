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
public sealed class CsvBatchWriter : BatchTextWriter
{
    private readonly CsvBatchWriterOptions options;
    private readonly byte[] newLine;
    private readonly ArrayBufferWriter<byte> cell = new(256);
    private readonly Utf8JsonWriter scratch;
    private string[]? header;
    private ColumnFormatter[] columns = [];

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
        : base(target)
    {
        this.options = options ?? new CsvBatchWriterOptions();
        if (this.options.Delimiter is '"' or '\r' or '\n' || this.options.Delimiter > 127)
        {
            throw new ArgumentException("The CSV delimiter must be an ASCII character other than a quote, CR or LF.", nameof(options));
        }

        newLine = Encoding.UTF8.GetBytes(this.options.NewLine);
        scratch = new Utf8JsonWriter(cell, ColumnFormatterFactory.WriterOptions);
    }

    /// <summary>Writes the header for <paramref name="schema"/> now (otherwise it is written before the first batch),
    /// so an empty result still has its column names.</summary>
    /// <param name="schema">The schema of the batches to come.</param>
    public void WriteHeader(Schema schema)
    {
        EnsureOpen();
        EnsureHeader(schema);
        WritePending();
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

    private protected override void DisposeFormatter() => scratch.Dispose();

    private protected override void BeginBatch(RecordBatch batch)
    {
        EnsureOpen();
        ArgumentNullException.ThrowIfNull(batch);
        EnsureHeader(batch.Schema);
        var fields = batch.Schema.FieldsList;
        columns = new ColumnFormatter[fields.Count];
        for (int c = 0; c < fields.Count; c++)
        {
            columns[c] = ColumnFormatterFactory.Create(batch.Column(c), fields[c].Name);
        }
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
                Buffer.Write([(byte)options.Delimiter]);
            }

            cell.ResetWrittenCount();
            cell.Write(Encoding.UTF8.GetBytes(names[c]));
            WriteField(cell.WrittenSpan);
        }

        Buffer.Write(newLine);
    }

    private protected override void WriteRow(int row)
    {
        for (int c = 0; c < columns.Length; c++)
        {
            if (c > 0)
            {
                Buffer.Write([(byte)options.Delimiter]);
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

        Buffer.Write(newLine);
    }

    private void WriteField(ReadOnlySpan<byte> text)
    {
        byte delimiter = (byte)options.Delimiter;
        bool quote = text.IsEmpty || text.IndexOfAny((byte)'"', (byte)'\r', (byte)'\n') >= 0 || text.IndexOf(delimiter) >= 0;
        if (!quote)
        {
            Buffer.Write(text);
            return;
        }

        Buffer.Write("\""u8);
        while (true)
        {
            int q = text.IndexOf((byte)'"');
            if (q < 0)
            {
                Buffer.Write(text);
                break;
            }

            Buffer.Write(text[..(q + 1)]);
            Buffer.Write("\""u8);
            text = text[(q + 1)..];
        }

        Buffer.Write("\""u8);
    }
}
