namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>A statistics blob described in table metadata.</summary>
/// <param name="Type">The blob type (e.g. <c>apache-datasketches-theta-v1</c>).</param>
/// <param name="SnapshotId">The snapshot the blob was computed for.</param>
/// <param name="SequenceNumber">That snapshot's sequence number.</param>
/// <param name="Fields">The field ids the blob covers.</param>
public sealed record BlobMetadata(string Type, long SnapshotId, long SequenceNumber, IReadOnlyList<int> Fields)
{
    /// <summary>Blob properties.</summary>
    public IReadOnlyDictionary<string, string>? Properties { get; init; }
}
