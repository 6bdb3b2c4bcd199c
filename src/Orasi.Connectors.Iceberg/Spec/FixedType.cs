namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>The <c>fixed[L]</c> type: binary values of exactly <paramref name="Length"/> bytes.</summary>
/// <param name="Length">The byte length.</param>
public sealed record FixedType(int Length) : IcebergType
{
    /// <inheritdoc />
    public override string ToString() => $"fixed[{Length}]";
}
