using System.Buffers;
using System.Text;
using System.Text.Json;
using Apache.Arrow;

namespace Orasi.Connectors.Formatting;

/// <summary>
/// Writes Arrow record batches as JSON Lines: one compact JSON object per row, keys in schema order, <c>\n</c> after each.
/// </summary>
/// <remarks>
/// Value contract: null → <c>null</c>; booleans and integers (uint64 included) → JSON numbers/booleans; floats → numbers in
/// shortest round-trip form, NaN/±infinity → <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>; decimals → strings with
/// exactly <c>scale</c> fractional digits; strings → strings; binary and fixed-size binary → base64 strings; dates →
/// <c>"YYYY-MM-DD"</c>; timestamps with a time zone → <c>"YYYY-MM-DDTHH:MM:SS.ffffffZ"</c> in UTC, without one the same
/// without <c>Z</c> (always six fractional digits, nanoseconds truncated toward the past); time32/64 →
/// <c>"HH:MM:SS.ffffff"</c>; durations → integer count of their unit; structs → objects; lists → arrays; maps → objects
/// when keys are strings, else arrays of <c>{"key":…,"value":…}</c>; dictionary-encoded values → their decoded value.
/// Non-ASCII text is written as is, except characters outside the Basic Multilingual Plane (emoji…), which
/// System.Text.Json writes as <c>\u</c> surrogate-pair escapes (still valid JSON that decodes to the same text).
/// </remarks>
public sealed class JsonLinesBatchWriter : BatchTextWriter
{
    private readonly Utf8JsonWriter json;
    private JsonEncodedText[] names = [];
    private ColumnFormatter[] columns = [];

    /// <summary>Writes UTF-8 to <paramref name="stream"/>.</summary>
    /// <param name="stream">The output stream.</param>
    /// <param name="leaveOpen">When true, disposing the writer leaves the stream open.</param>
    public JsonLinesBatchWriter(Stream stream, bool leaveOpen = false)
        : base(new Utf8OutputTarget(stream, leaveOpen))
    {
        json = new Utf8JsonWriter(Buffer, ColumnFormatterFactory.WriterOptions);
    }

    /// <summary>Writes to <paramref name="writer"/>.</summary>
    /// <param name="writer">The output text writer.</param>
    /// <param name="leaveOpen">When true, disposing the writer leaves <paramref name="writer"/> open.</param>
    public JsonLinesBatchWriter(TextWriter writer, bool leaveOpen = false)
        : base(new Utf8OutputTarget(writer, leaveOpen))
    {
        json = new Utf8JsonWriter(Buffer, ColumnFormatterFactory.WriterOptions);
    }

    /// <summary>Formats <paramref name="batch"/> as JSON Lines text (for small outputs and tests).</summary>
    /// <param name="batch">The rows.</param>
    /// <returns>One line per row, each ending in <c>\n</c>.</returns>
    public static string ToJsonLines(RecordBatch batch)
    {
        using var stream = new MemoryStream();
        using (var writer = new JsonLinesBatchWriter(stream, leaveOpen: true))
        {
            writer.Write(batch);
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private protected override void BeginBatch(RecordBatch batch)
    {
        EnsureOpen();
        ArgumentNullException.ThrowIfNull(batch);
        var fields = batch.Schema.FieldsList;
        names = new JsonEncodedText[fields.Count];
        columns = new ColumnFormatter[fields.Count];
        for (int c = 0; c < fields.Count; c++)
        {
            names[c] = JsonEncodedText.Encode(fields[c].Name, ColumnFormatterFactory.WriterOptions.Encoder);
            columns[c] = ColumnFormatterFactory.Create(batch.Column(c), fields[c].Name);
        }
    }

    private protected override void WriteRow(int row)
    {
        json.WriteStartObject();
        for (int c = 0; c < columns.Length; c++)
        {
            json.WritePropertyName(names[c]);
            columns[c].WriteJson(json, row);
        }

        json.WriteEndObject();
        json.Flush();
        json.Reset();
        Buffer.Write("\n"u8);
    }

    private protected override void DisposeFormatter() => json.Dispose();
}
