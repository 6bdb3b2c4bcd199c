namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>A list of elements of one type.</summary>
/// <param name="ElementId">The element field id.</param>
/// <param name="Element">The element type.</param>
/// <param name="ElementRequired">Whether elements may not be null.</param>
public sealed record ListType(int ElementId, IcebergType Element, bool ElementRequired) : IcebergType
{
    /// <inheritdoc />
    public override bool IsPrimitive => false;

    /// <inheritdoc />
    public override string ToString() => $"list<{Element}>";
}
