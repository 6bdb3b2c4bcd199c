namespace Orasi.Connectors.S3Parquet.Partitioning;

/// <summary>One partition of a dataset: its directory path, its values, and the data files in it.</summary>
/// <param name="Path">Directory relative to the dataset root, e.g. <c>service_name=api/year=2024/month=05</c> (empty for an unpartitioned dataset).</param>
/// <param name="Values">The <c>key=value</c> pairs of the path, outermost first (null for Hive's default partition).</param>
/// <param name="FileCount">Data files in the partition.</param>
/// <param name="SizeBytes">Total size of those files.</param>
public sealed record DatasetPartition(string Path, IReadOnlyList<KeyValuePair<string, string?>> Values, int FileCount, long SizeBytes);
