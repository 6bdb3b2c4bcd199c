using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Formatting;

/// <summary>
/// Reads JSON Lines (one JSON object per line, blank lines skipped) into Arrow record batches of a given schema; the
/// reverse of <see cref="JsonLinesBatchWriter"/>, whose output it reads back losslessly (timestamps to the microsecond).
/// Members are matched to fields by exact name; missing members are null, unknown members are ignored.
/// </summary>
public sealed class JsonLinesBatchReader
{
    private readonly int batchSize;

    /// <summary>Creates a reader producing batches of <paramref name="schema"/>.</summary>
    /// <param name="schema">The schema of the batches; see <see cref="InferSchema(IEnumerable{string}, int)"/> to derive one.</param>
    /// <param name="batchSize">Rows per batch (the last batch may be smaller).</param>
    /// <exception cref="UnsupportedFeatureException">A field's type cannot be read from JSON.</exception>
    public JsonLinesBatchReader(Schema schema, int batchSize = 8192)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Schema = schema;
        this.batchSize = batchSize;
        foreach (Field field in schema.FieldsList)
        {
            JsonColumnBuilderFactory.Create(field.DataType, field.Name);
        }
    }

    /// <summary>The schema of the batches produced.</summary>
    public Schema Schema { get; }

    /// <summary>Reads UTF-8 JSON Lines from <paramref name="stream"/> (left open).</summary>
    /// <param name="stream">The input.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The batches, in input order.</returns>
    /// <exception cref="CorruptDataException">A line is not a JSON object.</exception>
    /// <exception cref="ValidationFailedException">A value does not fit its field's type; the message names line and field.</exception>
    public async IAsyncEnumerable<RecordBatch> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        await foreach (RecordBatch batch in ReadAsync(reader, cancellationToken).ConfigureAwait(false))
        {
            yield return batch;
        }
    }

    /// <summary>Reads JSON Lines from <paramref name="reader"/>.</summary>
    /// <param name="reader">The input.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The batches, in input order.</returns>
    /// <exception cref="CorruptDataException">A line is not a JSON object.</exception>
    /// <exception cref="ValidationFailedException">A value does not fit its field's type; the message names line and field.</exception>
    public async IAsyncEnumerable<RecordBatch> ReadAsync(TextReader reader, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var fields = Schema.FieldsList;
        var builders = fields.Select(f => JsonColumnBuilderFactory.Create(f.DataType, f.Name)).ToArray();
        long lineNumber = 0;
        int rows = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using JsonDocument document = Parse(line, lineNumber);
            JsonElement root = document.RootElement;
            for (int i = 0; i < builders.Length; i++)
            {
                if (root.TryGetProperty(fields[i].Name, out JsonElement value) && value.ValueKind != JsonValueKind.Null)
                {
                    builders[i].Append(value, lineNumber);
                }
                else if (!fields[i].IsNullable)
                {
                    throw new ValidationFailedException(
                        $"Line {lineNumber} of the input: field '{fields[i].Name}' is not nullable but has no value; add it or make the field nullable.");
                }
                else
                {
                    builders[i].AppendNull();
                }
            }

            if (++rows == batchSize)
            {
                yield return Build(builders, rows);
                rows = 0;
            }
        }

        if (rows > 0)
        {
            yield return Build(builders, rows);
        }
    }

    /// <summary>Reads every batch of <paramref name="path"/>.</summary>
    /// <param name="path">A JSON Lines file.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The batches, in file order.</returns>
    public async IAsyncEnumerable<RecordBatch> ReadFileAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            await foreach (RecordBatch batch in ReadAsync(stream, cancellationToken).ConfigureAwait(false))
            {
                yield return batch;
            }
        }
    }

    /// <summary>
    /// Infers a schema from the first <paramref name="maxLines"/> non-blank lines: members in order of first appearance,
    /// all nullable; integers → int64, any fractional number → double, booleans → bool, everything else (strings,
    /// timestamp-looking strings, objects, arrays, mixed kinds, only nulls) → string (objects and arrays as JSON text).
    /// </summary>
    /// <param name="lines">The input lines.</param>
    /// <param name="maxLines">How many non-blank lines to examine.</param>
    /// <returns>The inferred schema.</returns>
    /// <exception cref="CorruptDataException">A line is not a JSON object.</exception>
    public static Schema InferSchema(IEnumerable<string> lines, int maxLines = 1000)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var kinds = new Dictionary<string, InferredKind>(StringComparer.Ordinal);
        var order = new List<string>();
        long lineNumber = 0;
        int examined = 0;
        foreach (string line in lines)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (examined++ == maxLines)
            {
                break;
            }

            using JsonDocument document = Parse(line, lineNumber);
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                if (!kinds.TryGetValue(property.Name, out InferredKind kind))
                {
                    order.Add(property.Name);
                }

                kinds[property.Name] = kind | Classify(property.Value);
            }
        }

        return new Schema(order.Select(name => new Field(name, Resolve(kinds[name]), nullable: true)), null);
    }

    /// <summary>Infers a schema from the first <paramref name="maxLines"/> lines of a file.</summary>
    /// <param name="path">A JSON Lines file.</param>
    /// <param name="maxLines">How many non-blank lines to examine.</param>
    /// <returns>The inferred schema.</returns>
    public static Schema InferSchema(string path, int maxLines = 1000) => InferSchema(File.ReadLines(path), maxLines);

    private static JsonDocument Parse(string line, long lineNumber)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw new CorruptDataException(
                $"Line {lineNumber} of the input is not valid JSON (at byte {ex.BytePositionInLine ?? 0}); fix or remove that line.", ex);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = document.RootElement.ValueKind;
            document.Dispose();
            throw new CorruptDataException(
                $"Line {lineNumber} of the input is a JSON {kind.ToString().ToLowerInvariant()}, not an object; JSON Lines input needs one object per line.");
        }

        return document;
    }

    private RecordBatch Build(JsonColumnBuilder[] builders, int rows) =>
        new(Schema, builders.Select(b => ArrowArrayFactory.BuildArray(b.Build())).ToArray(), rows);

    private static InferredKind Classify(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => InferredKind.None,
        JsonValueKind.True or JsonValueKind.False => InferredKind.Boolean,
        JsonValueKind.Number => value.TryGetInt64(out _) ? InferredKind.Integer : InferredKind.Float,
        _ => InferredKind.Other,
    };

    private static IArrowType Resolve(InferredKind kind) => kind switch
    {
        InferredKind.Integer => Int64Type.Default,
        InferredKind.Float or (InferredKind.Integer | InferredKind.Float) => DoubleType.Default,
        InferredKind.Boolean => BooleanType.Default,
        _ => StringType.Default,
    };
}
