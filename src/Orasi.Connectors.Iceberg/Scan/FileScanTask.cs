using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Scan;

/// <summary>One data file to read in a scan, with the deletes that apply to it.</summary>
/// <param name="File">The data file.</param>
/// <param name="DataSequenceNumber">Its data sequence number.</param>
/// <param name="Spec">The partition spec of its partition tuple.</param>
/// <param name="Deletes">Position deletes, deletion vectors and equality deletes to apply.</param>
public sealed record FileScanTask(DataFile File, long DataSequenceNumber, PartitionSpec Spec, IReadOnlyList<DeleteFileTask> Deletes);
