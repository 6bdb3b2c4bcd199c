namespace Orasi.Connectors.S3Parquet.Reading;

/// <summary>A data file found when listing a dataset, with the partition values of its directories.</summary>
/// <param name="Path">Object path relative to the dataset root.</param>
/// <param name="Partition">The directory part of <paramref name="Path"/> (empty at the root).</param>
/// <param name="Values">Partition values parsed from the directories, outermost first.</param>
/// <param name="SizeBytes">Object size.</param>
public sealed record DatasetDataFile(string Path, string Partition, IReadOnlyList<KeyValuePair<string, string?>> Values, long SizeBytes);
