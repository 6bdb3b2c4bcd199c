namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>A type in a Delta table schema: a primitive, a decimal, an array, a map or a struct.</summary>
public abstract record DeltaDataType
{
    /// <summary>The type's name as written in the schema (<c>long</c>, <c>decimal(10,2)</c>, <c>array</c>, <c>map</c>, <c>struct</c>).</summary>
    public abstract string TypeName { get; }

    /// <inheritdoc />
    public override string ToString() => TypeName;
}
