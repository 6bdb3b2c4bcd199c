namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>The <c>decimal(P,S)</c> type.</summary>
/// <param name="Precision">Total digits (at most 38).</param>
/// <param name="Scale">Digits after the decimal point.</param>
public sealed record DecimalType(int Precision, int Scale) : IcebergType
{
    /// <inheritdoc />
    public override string ToString() => $"decimal({Precision}, {Scale})";
}
