using Orasi.Connectors.DeltaLake.Protocol;
using ArrowSchema = Apache.Arrow.Schema;
using StructType = Orasi.Connectors.DeltaLake.Protocol.StructType;

namespace Orasi.Connectors.DeltaLake.Scan;

/// <summary>What a scan needs to know about the table: logical schema, column mapping mode and partition columns.</summary>
internal sealed class ScanContext
{
    /// <summary>Creates the context from a table's metadata.</summary>
    public ScanContext(Metadata metadata, string table)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        Table = table;
        Schema = metadata.ParseSchema();
        Mode = metadata.ColumnMappingMode;
        ArrowSchema = DeltaArrowSchema.ToArrow(Schema);
        PartitionFields = metadata.PartitionColumns
            .Select(name => Schema.FindField(name) ?? throw new CorruptDataException(
                $"The partition column '{name}' of the Delta table '{table}' is not in its schema; the table metadata is corrupt."))
            .ToList();
    }

    /// <summary>The table location, for messages.</summary>
    public string Table { get; }

    /// <summary>The logical table schema.</summary>
    public StructType Schema { get; }

    /// <summary>The logical schema in Arrow form.</summary>
    public ArrowSchema ArrowSchema { get; }

    /// <summary>The column mapping mode.</summary>
    public ColumnMappingMode Mode { get; }

    /// <summary>The partition columns' schema fields, in partition order.</summary>
    public IReadOnlyList<StructField> PartitionFields { get; }

    /// <summary>True when <paramref name="field"/> is a partition column.</summary>
    public bool IsPartition(StructField field) => PartitionFields.Contains(field);
}
