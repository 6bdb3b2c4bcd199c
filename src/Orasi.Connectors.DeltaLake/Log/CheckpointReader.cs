using System.Text.Json;
using Apache.Arrow;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.DeltaLake.Log;

/// <summary>
/// Reads the actions of checkpoint files (Parquet through ParquetSharp's Arrow reader, or JSON for UUID-named V2
/// checkpoints) and of V2 sidecar files. Each checkpoint row is turned into the action's JSON form and parsed by
/// <see cref="DeltaActionSerializer"/>, so commits and checkpoints share one strict parser.
/// </summary>
internal static class CheckpointReader
{
    private static readonly string[] ActionColumns = ["protocol", "metaData", "txn", "domainMetadata", "checkpointMetadata", "sidecar", "add", "remove"];

    /// <summary>Reads every action of one Parquet checkpoint or sidecar file at <paramref name="path"/>.</summary>
    public static async Task<List<DeltaAction>> ReadParquetAsync(IObjectStore store, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var content = await store.GetAsync(path, cancellationToken).ConfigureAwait(false);
        var actions = new List<DeltaAction>();
        try
        {
            using var stream = new MemoryStream(content.ToArray(), writable: false);
            using var reader = new ParquetSharp.Arrow.FileReader(stream);
            using var batches = reader.GetRecordBatchReader();
            RecordBatch? batch;
            while ((batch = await batches.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false)) is not null)
            {
                using (batch)
                {
                    ReadBatch(batch, path, actions);
                }
            }
        }
        catch (ParquetSharp.ParquetException ex)
        {
            throw new CorruptDataException($"The Delta checkpoint file '{path}' is not a readable Parquet file ({ex.Message}); delete it so readers fall back to the commits, or restore it.", ex);
        }

        return actions;
    }

    private static void ReadBatch(RecordBatch batch, string path, List<DeltaAction> actions)
    {
        var columns = new List<(string Name, StructArray Array)>();
        foreach (var name in ActionColumns)
        {
            var index = batch.Schema.GetFieldIndex(name);
            if (index >= 0 && batch.Column(index) is StructArray array)
            {
                columns.Add((name, array));
            }
        }

        var buffer = new ArrayBufferWriterStream();
        for (var row = 0; row < batch.Length; row++)
        {
            foreach (var (name, array) in columns)
            {
                if (array.IsNull(row))
                {
                    continue;
                }

                buffer.Reset();
                using (var writer = new Utf8JsonWriter(buffer, DeltaSchema.WriterOptions))
                {
                    ArrowJsonWriter.WriteStruct(writer, array, row, name == "add" ? RewriteAddField : null, name == "add" ? WriteParsedFallbacks : null);
                }

                using var document = JsonDocument.Parse(buffer.WrittenMemory);
                var action = DeltaActionSerializer.ParseAction(name, document.RootElement, path, row + 1);
                if (action is not null)
                {
                    actions.Add(action);
                }
            }
        }
    }

    /// <summary>
    /// Checkpoint <c>add</c> rows may carry <c>stats_parsed</c> / <c>partitionValues_parsed</c> structs: they are turned
    /// into the JSON <c>stats</c> string / string <c>partitionValues</c> when those are absent, and never passed on raw.
    /// </summary>
    private static bool RewriteAddField(string field, IArrowArray child, int index) => field switch
    {
        "stats_parsed" or "partitionValues_parsed" => true,
        _ => false,
    };

    /// <summary>Merges parsed stats and partition values of checkpoint add rows into the JSON form when it is missing.</summary>
    private static void WriteParsedFallbacks(Utf8JsonWriter writer, StructArray add, int row)
    {
        var type = (Apache.Arrow.Types.StructType)add.Data.DataType;
        var childRow = add.Offset + row;
        IArrowArray? Child(string name)
        {
            var i = type.GetFieldIndex(name);
            return i >= 0 ? add.Fields[i] : null;
        }

        var stats = Child("stats");
        if ((stats is null || stats.IsNull(childRow)) && Child("stats_parsed") is { } parsed && !parsed.IsNull(childRow))
        {
            using var buffer = new MemoryStream();
            using (var inner = new Utf8JsonWriter(buffer, DeltaSchema.WriterOptions))
            {
                ArrowJsonWriter.WriteValue(inner, parsed, childRow);
            }

            writer.WriteString("stats", System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }

        var partitionValues = Child("partitionValues");
        if ((partitionValues is null || partitionValues.IsNull(childRow)) && Child("partitionValues_parsed") is StructArray values && !values.IsNull(childRow))
        {
            var valueFields = ((Apache.Arrow.Types.StructType)values.Data.DataType).Fields;
            writer.WriteStartObject("partitionValues");
            for (var f = 0; f < valueFields.Count; f++)
            {
                var text = ArrowJsonWriter.ValueText(values.Fields[f], values.Offset + childRow);
                if (text is null)
                {
                    writer.WriteNull(valueFields[f].Name);
                }
                else
                {
                    writer.WriteString(valueFields[f].Name, text);
                }
            }

            writer.WriteEndObject();
        }
    }

    /// <summary>A reusable growable buffer usable as a stream for <see cref="Utf8JsonWriter"/>.</summary>
    private sealed class ArrayBufferWriterStream : System.Buffers.IBufferWriter<byte>
    {
        private readonly System.Buffers.ArrayBufferWriter<byte> _inner = new();

        public ReadOnlyMemory<byte> WrittenMemory => _inner.WrittenMemory;

        public void Reset() => _inner.ResetWrittenCount();

        public void Advance(int count) => _inner.Advance(count);

        public Memory<byte> GetMemory(int sizeHint = 0) => _inner.GetMemory(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => _inner.GetSpan(sizeHint);
    }
}
