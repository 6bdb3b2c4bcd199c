namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>A map from keys of one type to values of another.</summary>
/// <param name="KeyType">Type of the keys (never null).</param>
/// <param name="ValueType">Type of the values.</param>
/// <param name="ValueContainsNull">Whether values may be null.</param>
public sealed record DeltaMapType(DeltaDataType KeyType, DeltaDataType ValueType, bool ValueContainsNull) : DeltaDataType
{
    /// <inheritdoc />
    public override string TypeName => "map";
}
