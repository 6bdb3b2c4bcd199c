namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>An Iceberg data type: a primitive (<see cref="PrimitiveType"/>, <see cref="DecimalType"/>, <see cref="FixedType"/>) or nested (<see cref="StructType"/>, <see cref="ListType"/>, <see cref="MapType"/>).</summary>
public abstract record IcebergType
{
    /// <summary>True for primitive types.</summary>
    public virtual bool IsPrimitive => true;

    /// <summary>The type as written in table metadata JSON (e.g. <c>long</c>, <c>decimal(9,2)</c>, <c>struct</c>).</summary>
    public abstract override string ToString();
}
