namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>A partition spec: how partition tuples are derived from rows.</summary>
/// <param name="SpecId">The spec id.</param>
/// <param name="Fields">The partition fields in order.</param>
public sealed record PartitionSpec(int SpecId, IReadOnlyList<PartitionField> Fields)
{
    /// <summary>True when no field partitions (all fields void or none).</summary>
    public bool IsUnpartitioned => Fields.All(f => f.Transform.Kind == TransformKind.Void);

    /// <summary>The partition struct type of this spec for <paramref name="schema"/>.</summary>
    public StructType PartitionType(IcebergSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new StructType(Fields.Select(f =>
        {
            var source = schema.FindField(f.SourceId);
            var type = source is null ? PrimitiveType.Int : f.Transform.ResultType(source.Type);
            return new NestedField(f.FieldId, f.Name, false, type);
        }).ToList());
    }

    /// <summary>Structural equality over the field list.</summary>
    public bool Equals(PartitionSpec? other) => other is not null && SpecId == other.SpecId && Fields.SequenceEqual(other.Fields);

    /// <inheritdoc />
    public override int GetHashCode() => SpecId;
}
