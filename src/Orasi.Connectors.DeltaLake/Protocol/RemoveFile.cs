namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>The <c>remove</c> action: a logical file leaves the table and stays as a tombstone until vacuumed.</summary>
public sealed record RemoveFile : DeltaAction
{
    /// <inheritdoc />
    public override string ActionName => "remove";

    /// <summary>URI-encoded path relative to the table root, or an absolute URI.</summary>
    public required string Path { get; init; }

    /// <summary>When the deletion happened, in milliseconds since the Unix epoch.</summary>
    public long? DeletionTimestamp { get; init; }

    /// <summary>False when the records are re-added by <c>add</c> actions of the same version.</summary>
    public bool DataChange { get; init; }

    /// <summary>When true, <see cref="PartitionValues"/> and <see cref="Size"/> are present.</summary>
    public bool? ExtendedFileMetadata { get; init; }

    /// <summary>Partition values of the removed file, when known.</summary>
    public IReadOnlyDictionary<string, string?>? PartitionValues { get; init; }

    /// <summary>Size of the removed file in bytes, when known.</summary>
    public long? Size { get; init; }

    /// <summary>Statistics as a JSON string, when present.</summary>
    public string? Stats { get; init; }

    /// <summary>Free-form metadata about the file, when present.</summary>
    public IReadOnlyDictionary<string, string?>? Tags { get; init; }

    /// <summary>The deletion vector of the removed logical file, or null.</summary>
    public DeletionVectorDescriptor? DeletionVector { get; init; }

    /// <summary>Row tracking: the row id of the first row in the file.</summary>
    public long? BaseRowId { get; init; }

    /// <summary>Row tracking: the first commit version that added this path.</summary>
    public long? DefaultRowCommitVersion { get; init; }

    /// <summary>The key of the logical file during log replay: the path and the deletion vector's unique id.</summary>
    public LogicalFileKey Key => new(Path, DeletionVector?.UniqueId);
}
