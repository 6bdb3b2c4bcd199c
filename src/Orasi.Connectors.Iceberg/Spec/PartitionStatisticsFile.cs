namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>A partition statistics file of a snapshot.</summary>
/// <param name="SnapshotId">The snapshot.</param>
/// <param name="StatisticsPath">The file location.</param>
/// <param name="FileSizeInBytes">The file size.</param>
public sealed record PartitionStatisticsFile(long SnapshotId, string StatisticsPath, long FileSizeInBytes);
