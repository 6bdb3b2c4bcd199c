using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.DeltaLake.Log;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.Parquet;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.DeltaLake.Tests.Operations;

/// <summary>Builds test batches and reads a table back independently of the writer: log replay plus the Parquet reader over each add file.</summary>
internal static class DeltaTestTables
{
    public static Schema TestSchema { get; } = new Schema.Builder()
        .Field(new Field("id", Int64Type.Default, false))
        .Field(new Field("name", StringType.Default, true))
        .Field(new Field("part", StringType.Default, true))
        .Field(new Field("score", DoubleType.Default, true))
        .Field(new Field("ts", new TimestampType(TimeUnit.Microsecond, "UTC"), true))
        .Build();

    /// <summary>Rows id in [start, start+count): name "n{id}", part = parts[id % parts.Length], score id/2, ts = 2024-01-01 + id seconds + 1µs.</summary>
    public static RecordBatch Batch(long start, int count, params string?[] parts)
    {
        parts = parts.Length == 0 ? ["a"] : parts;
        var ids = new Int64Array.Builder();
        var names = new StringArray.Builder();
        var partsBuilder = new StringArray.Builder();
        var scores = new DoubleArray.Builder();
        var ts = new TimestampArray.Builder(new TimestampType(TimeUnit.Microsecond, "UTC"));
        var epoch = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var id = start; id < start + count; id++)
        {
            ids.Append(id);
            names.Append("n" + id);
            var part = parts[id % parts.Length];
            if (part is null)
            {
                partsBuilder.AppendNull();
            }
            else
            {
                partsBuilder.Append(part);
            }

            scores.Append(id / 2.0);
            ts.Append(epoch.AddSeconds(id).AddTicks(10));
        }

        return new RecordBatch(TestSchema, [ids.Build(), names.Build(), partsBuilder.Build(), scores.Build(), ts.Build()], count);
    }

    public static async IAsyncEnumerable<RecordBatch> Async(params RecordBatch[] batches)
    {
        foreach (var b in batches)
        {
            await Task.Yield();
            yield return b;
        }
    }

    /// <summary>Every row of the table as column name → value (long, string, double, bool, DateTimeOffset, null).</summary>
    public static async Task<(TableState State, List<Dictionary<string, object?>> Rows)> ReadAllAsync(IObjectStore store, long? version = null)
    {
        var state = await LogReplay.LoadAsync(store, version);
        var schema = state.Metadata.ParseSchema();
        var mode = state.Metadata.ColumnMappingMode;
        var rows = new List<Dictionary<string, object?>>();
        foreach (var add in state.Files.Values)
        {
            var stream = await store.OpenReadAsync(DeltaPaths.DecodeRelative(add.Path));
            await using var reader = ParquetBatchReader.Open(stream, add.Path);
            await foreach (var batch in reader.ReadAsync())
            {
                for (var r = 0; r < batch.Length; r++)
                {
                    var row = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (var field in schema.Fields)
                    {
                        var physical = field.PhysicalNameFor(mode);
                        if (state.Metadata.PartitionColumns.Contains(field.Name))
                        {
                            row[field.Name] = PartitionValueCodec.Decode(add.PartitionValues[physical], field.Type, field.Name);
                            continue;
                        }

                        var index = batch.Schema.GetFieldIndex(physical);
                        row[field.Name] = index < 0 ? null : Value(batch.Column(index), r);
                    }

                    rows.Add(row);
                }
            }
        }

        return (state, rows);
    }

    public static object? Value(IArrowArray array, int i) => array.IsNull(i) ? null : array switch
    {
        Int64Array a => a.GetValue(i),
        Int32Array a => (long?)a.GetValue(i),
        StringArray a => a.GetString(i),
        DoubleArray a => a.GetValue(i),
        BooleanArray a => a.GetValue(i),
        TimestampArray a => a.GetTimestamp(i),
        _ => throw new NotSupportedException(array.GetType().Name),
    };
}
