using Apache.Arrow;
using Orasi.Connectors.Iceberg.IO;
using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Operations;

/// <summary>
/// Writes v2 equality delete files: the key columns (table field ids kept in the Parquet schema) with
/// <c>equality_ids</c> set to the key field ids. One file is written per target partition (spec id and tuple) since
/// an equality delete only applies to data files of its own partition (or to all files when its spec is unpartitioned).
/// </summary>
internal sealed class EqualityDeleteWriter
{
    private readonly IcebergFileIO _io;
    private readonly TableMetadata _metadata;
    private readonly IcebergSchema _keySchema;

    public EqualityDeleteWriter(IcebergFileIO io, TableMetadata metadata, IReadOnlyList<int> keyIds)
    {
        _io = io;
        _metadata = metadata;
        var schema = metadata.CurrentSchema;
        _keySchema = new IcebergSchema(0, keyIds.Select(id => schema.FindField(id)
            ?? throw new ValidationFailedException($"Identifier field id {id} is not in the current schema of table '{metadata.Location}'; fix the identifier fields.")).ToList());
    }

    /// <summary>The key columns as Arrow fields (with field ids).</summary>
    public Schema KeyArrowSchema => _keySchema.ToArrowSchema();

    /// <summary>Writes one equality delete file holding <paramref name="keys"/> for the given partition.</summary>
    public async Task<DataFile> WriteAsync(IReadOnlyList<RecordBatch> keys, int specId, IReadOnlyList<object?> partition, CancellationToken cancellationToken)
    {
        var file = await DeleteFileWriter.WriteAsync(_io, _metadata, _keySchema, keys, DataFileContent.EqualityDeletes, specId, partition, cancellationToken).ConfigureAwait(false);
        return file with { EqualityIds = _keySchema.Fields.Select(f => f.Id).ToList() };
    }
}
