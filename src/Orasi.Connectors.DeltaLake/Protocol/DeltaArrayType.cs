namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>A variable-length list of elements of one type.</summary>
/// <param name="ElementType">Type of the elements.</param>
/// <param name="ContainsNull">Whether elements may be null.</param>
public sealed record DeltaArrayType(DeltaDataType ElementType, bool ContainsNull) : DeltaDataType
{
    /// <inheritdoc />
    public override string TypeName => "array";
}
