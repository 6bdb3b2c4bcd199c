namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>One field of a partition spec: a transform of a source column.</summary>
/// <param name="SourceId">The source column's field id.</param>
/// <param name="FieldId">The partition field id (1000 and up).</param>
/// <param name="Name">The partition field name.</param>
/// <param name="Transform">The transform.</param>
public sealed record PartitionField(int SourceId, int FieldId, string Name, Transform Transform);
