using System.Runtime.CompilerServices;
using Apache.Arrow;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.DeltaLake.Writing;
using Orasi.Connectors.Parquet;
using Orasi.Connectors.Storage;
using ArrowSchema = Apache.Arrow.Schema;

namespace Orasi.Connectors.DeltaLake.Operations;

/// <summary>
/// Reads one data file of a table back as batches of the table's logical schema (physical names mapped back,
/// partition columns filled from the add action, columns missing from the file as nulls), for copy-on-write rewrites.
/// </summary>
internal static class DataFileReader
{
    /// <summary>Reads every row of <paramref name="add"/>.</summary>
    /// <exception cref="UnsupportedFeatureException">The file has a deletion vector.</exception>
    public static async IAsyncEnumerable<RecordBatch> ReadAsync(IObjectStore store, Metadata metadata, AddFile add, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (add.DeletionVector is not null)
        {
            throw new UnsupportedFeatureException($"The data file '{add.Path}' of the Delta table '{store.Root}' has a deletion vector, which this writer cannot rewrite yet.");
        }

        var schema = metadata.ParseSchema();
        var mode = metadata.ColumnMappingMode;
        var logical = DeltaArrowSchema.ToArrow(schema);
        var path = DeltaPaths.ToTablePath(add.Path, store.Root)
            ?? throw new UnsupportedFeatureException($"The data file '{add.Path}' lies outside the Delta table '{store.Root}' and cannot be rewritten.");
        var stream = await store.OpenReadAsync(path, cancellationToken).ConfigureAwait(false);
        await using var reader = ParquetBatchReader.Open(stream, path);
        await foreach (var batch in reader.ReadAsync(null, cancellationToken).ConfigureAwait(false))
        {
            yield return ToLogical(batch, schema, logical, metadata, mode, add);
        }
    }

    private static RecordBatch ToLogical(RecordBatch batch, StructType schema, ArrowSchema logical, Metadata metadata, ColumnMappingMode mode, AddFile add)
    {
        var columns = new IArrowArray[schema.Fields.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            var field = schema.Fields[i];
            var physical = field.PhysicalNameFor(mode);
            if (metadata.PartitionColumns.Contains(field.Name, StringComparer.Ordinal))
            {
                add.PartitionValues.TryGetValue(physical, out var value);
                columns[i] = PartitionValueCodec.BuildConstantArray(value, field.Type, batch.Length, field.Name);
                continue;
            }

            var index = batch.Schema.GetFieldIndex(physical);
            columns[i] = index < 0
                ? NullArrays.Create(logical.FieldsList[i].DataType, batch.Length)
                : ArrowRetype.Retype(batch.Column(index), logical.FieldsList[i].DataType, field.Name);
        }

        return new RecordBatch(logical, columns, batch.Length);
    }
}
