namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>A sort order.</summary>
/// <param name="OrderId">The order id (0 is unsorted).</param>
/// <param name="Fields">The sort fields.</param>
public sealed record SortOrder(int OrderId, IReadOnlyList<SortField> Fields)
{
    /// <summary>Structural equality over the field list.</summary>
    public bool Equals(SortOrder? other) => other is not null && OrderId == other.OrderId && Fields.SequenceEqual(other.Fields);

    /// <inheritdoc />
    public override int GetHashCode() => OrderId;
}
