using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Scan;

/// <summary>A delete file (or deletion vector) that applies to a data file in a scan.</summary>
/// <param name="File">The delete file.</param>
/// <param name="DataSequenceNumber">Its data sequence number.</param>
public sealed record DeleteFileTask(DataFile File, long DataSequenceNumber);
