namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>A data or delete file as described by a manifest entry's <c>data_file</c> struct.</summary>
/// <param name="Content">Data, position deletes or equality deletes.</param>
/// <param name="FilePath">The file location as written.</param>
/// <param name="FileFormat"><c>PARQUET</c>, <c>AVRO</c>, <c>ORC</c> or <c>PUFFIN</c>.</param>
/// <param name="Partition">The partition tuple, in partition-spec field order (values as in <see cref="Transform"/>).</param>
/// <param name="RecordCount">Rows in the file (deleted positions for delete files).</param>
/// <param name="FileSizeInBytes">The file size.</param>
public sealed record DataFile(DataFileContent Content, string FilePath, string FileFormat, IReadOnlyList<object?> Partition, long RecordCount, long FileSizeInBytes)
{
    /// <summary>The id of the partition spec the partition tuple belongs to.</summary>
    public int SpecId { get; init; }

    /// <summary>Bytes per column (field id → size).</summary>
    public IReadOnlyDictionary<int, long> ColumnSizes { get; init; } = new Dictionary<int, long>();

    /// <summary>Values (including nulls and NaNs) per column.</summary>
    public IReadOnlyDictionary<int, long> ValueCounts { get; init; } = new Dictionary<int, long>();

    /// <summary>Nulls per column.</summary>
    public IReadOnlyDictionary<int, long> NullValueCounts { get; init; } = new Dictionary<int, long>();

    /// <summary>NaNs per column.</summary>
    public IReadOnlyDictionary<int, long> NanValueCounts { get; init; } = new Dictionary<int, long>();

    /// <summary>Lower bounds per column in binary single-value form (decode with the column's type).</summary>
    public IReadOnlyDictionary<int, byte[]> LowerBounds { get; init; } = new Dictionary<int, byte[]>();

    /// <summary>Upper bounds per column in binary single-value form.</summary>
    public IReadOnlyDictionary<int, byte[]> UpperBounds { get; init; } = new Dictionary<int, byte[]>();

    /// <summary>Encryption key metadata, if any.</summary>
    public byte[]? KeyMetadata { get; init; }

    /// <summary>Split offsets, if any.</summary>
    public IReadOnlyList<long>? SplitOffsets { get; init; }

    /// <summary>Equality delete files: the field ids that identify deleted rows.</summary>
    public IReadOnlyList<int>? EqualityIds { get; init; }

    /// <summary>The sort order id, if any.</summary>
    public int? SortOrderId { get; init; }

    /// <summary>v3: the first row id of the file.</summary>
    public long? FirstRowId { get; init; }

    /// <summary>Position delete files and deletion vectors: the data file all deletes refer to, if a single one.</summary>
    public string? ReferencedDataFile { get; init; }

    /// <summary>Deletion vectors: the blob's offset in the Puffin file.</summary>
    public long? ContentOffset { get; init; }

    /// <summary>Deletion vectors: the blob's length.</summary>
    public long? ContentSizeInBytes { get; init; }

    /// <summary>True for a v3 deletion vector (a Puffin blob reference).</summary>
    public bool IsDeletionVector => Content == DataFileContent.PositionDeletes && string.Equals(FileFormat, "PUFFIN", StringComparison.OrdinalIgnoreCase);
}
