namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>The <c>add</c> action: a logical file (data file plus optional deletion vector) joins the table.</summary>
public sealed record AddFile : DeltaAction
{
    /// <inheritdoc />
    public override string ActionName => "add";

    /// <summary>URI-encoded path relative to the table root, or an absolute URI. Decode with <see cref="DeltaPaths"/>.</summary>
    public required string Path { get; init; }

    /// <summary>Partition column name (physical name under column mapping) to serialized value; null values mean a null partition.</summary>
    public IReadOnlyDictionary<string, string?> PartitionValues { get; init; } = EmptyMaps.StringToNullableString;

    /// <summary>Size of the data file in bytes.</summary>
    public long Size { get; init; }

    /// <summary>Creation time of the logical file in milliseconds since the Unix epoch.</summary>
    public long ModificationTime { get; init; }

    /// <summary>False when the action only rearranges data already in the table.</summary>
    public bool DataChange { get; init; }

    /// <summary>Per-file statistics as a JSON string (numRecords, minValues, maxValues, nullCount), or null.</summary>
    public string? Stats { get; init; }

    /// <summary>Free-form metadata about the file, or null when absent.</summary>
    public IReadOnlyDictionary<string, string?>? Tags { get; init; }

    /// <summary>The deletion vector of this logical file, or null when no rows are deleted.</summary>
    public DeletionVectorDescriptor? DeletionVector { get; init; }

    /// <summary>Row tracking: the row id of the first row in the file.</summary>
    public long? BaseRowId { get; init; }

    /// <summary>Row tracking: the first commit version that added this path.</summary>
    public long? DefaultRowCommitVersion { get; init; }

    /// <summary>Name of the clustering implementation for clustered tables.</summary>
    public string? ClusteringProvider { get; init; }

    /// <summary>The key of the logical file during log replay: the path and the deletion vector's unique id.</summary>
    public LogicalFileKey Key => new(Path, DeletionVector?.UniqueId);
}
