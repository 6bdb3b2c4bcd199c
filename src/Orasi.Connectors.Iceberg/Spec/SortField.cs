namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>One field of a sort order.</summary>
/// <param name="SourceId">The source column's field id.</param>
/// <param name="Transform">The transform applied before sorting.</param>
/// <param name="Direction"><c>asc</c> or <c>desc</c>.</param>
/// <param name="NullOrder"><c>nulls-first</c> or <c>nulls-last</c>.</param>
public sealed record SortField(int SourceId, Transform Transform, string Direction, string NullOrder);
