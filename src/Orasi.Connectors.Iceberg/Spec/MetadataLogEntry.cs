namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>An entry of the metadata log: a previous metadata file.</summary>
/// <param name="TimestampMs">When it was written (ms since the epoch).</param>
/// <param name="MetadataFile">Its location.</param>
public sealed record MetadataLogEntry(long TimestampMs, string MetadataFile);
