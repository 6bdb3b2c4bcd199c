namespace Orasi.Connectors.S3Parquet.Writing;

/// <summary>A data file a dataset writer published.</summary>
/// <param name="Path">Object path relative to the dataset root.</param>
/// <param name="Partition">Partition directory (empty when unpartitioned).</param>
/// <param name="RowCount">Rows in the file.</param>
/// <param name="SizeBytes">Size of the object.</param>
public sealed record DatasetFile(string Path, string Partition, long RowCount, long SizeBytes);
