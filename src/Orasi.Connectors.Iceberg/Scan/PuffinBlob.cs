namespace Orasi.Connectors.Iceberg.Scan;

/// <summary>A blob listed in a Puffin file footer.</summary>
/// <param name="Type">The blob type (e.g. <c>deletion-vector-v1</c>).</param>
/// <param name="Fields">The field ids the blob covers.</param>
/// <param name="SnapshotId">The snapshot id (-1 for deletion vectors).</param>
/// <param name="SequenceNumber">The sequence number (-1 for deletion vectors).</param>
/// <param name="Offset">The blob's offset in the file.</param>
/// <param name="Length">The blob's length.</param>
/// <param name="CompressionCodec">The codec, or null when uncompressed.</param>
/// <param name="Properties">Blob properties (for DVs: <c>referenced-data-file</c>, <c>cardinality</c>).</param>
public sealed record PuffinBlob(string Type, IReadOnlyList<int> Fields, long SnapshotId, long SequenceNumber, long Offset, long Length, string? CompressionCodec, IReadOnlyDictionary<string, string> Properties);
