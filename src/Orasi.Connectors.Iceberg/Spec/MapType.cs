namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>A map from keys to values.</summary>
/// <param name="KeyId">The key field id.</param>
/// <param name="Key">The key type.</param>
/// <param name="ValueId">The value field id.</param>
/// <param name="Value">The value type.</param>
/// <param name="ValueRequired">Whether values may not be null.</param>
public sealed record MapType(int KeyId, IcebergType Key, int ValueId, IcebergType Value, bool ValueRequired) : IcebergType
{
    /// <inheritdoc />
    public override bool IsPrimitive => false;

    /// <inheritdoc />
    public override string ToString() => $"map<{Key}, {Value}>";
}
