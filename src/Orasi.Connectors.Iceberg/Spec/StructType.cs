namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>A struct: an ordered list of fields.</summary>
/// <param name="Fields">The fields in order.</param>
public sealed record StructType(IReadOnlyList<NestedField> Fields) : IcebergType
{
    /// <inheritdoc />
    public override bool IsPrimitive => false;

    /// <summary>The field with this id among the direct children, or null.</summary>
    public NestedField? Field(int id) => Fields.FirstOrDefault(f => f.Id == id);

    /// <summary>Structural equality over the field list.</summary>
    public bool Equals(StructType? other) => other is not null && Fields.SequenceEqual(other.Fields);

    /// <inheritdoc />
    public override int GetHashCode() => Fields.Count;

    /// <inheritdoc />
    public override string ToString() => "struct<" + string.Join(", ", Fields.Select(f => $"{f.Id}:{f.Name}:{f.Type}")) + ">";
}
