namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>A manifest's summary of one partition field.</summary>
/// <param name="ContainsNull">Whether any file has a null value.</param>
/// <param name="ContainsNaN">Whether any file has a NaN value (null when unknown).</param>
/// <param name="LowerBound">The lowest non-null value, in binary single-value form.</param>
/// <param name="UpperBound">The highest non-null value, in binary single-value form.</param>
public sealed record PartitionFieldSummary(bool ContainsNull, bool? ContainsNaN, byte[]? LowerBound, byte[]? UpperBound);
