namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>The <c>cdc</c> action: a change data file holding the row-level changes of its commit.</summary>
public sealed record AddCdcFile : DeltaAction
{
    /// <inheritdoc />
    public override string ActionName => "cdc";

    /// <summary>URI-encoded path relative to the table root, or an absolute URI.</summary>
    public required string Path { get; init; }

    /// <summary>Partition values of the change data file.</summary>
    public IReadOnlyDictionary<string, string?> PartitionValues { get; init; } = EmptyMaps.StringToNullableString;

    /// <summary>Size in bytes.</summary>
    public long Size { get; init; }

    /// <summary>Always false for change data files.</summary>
    public bool DataChange { get; init; }

    /// <summary>Free-form metadata about the file, or null.</summary>
    public IReadOnlyDictionary<string, string?>? Tags { get; init; }
}
