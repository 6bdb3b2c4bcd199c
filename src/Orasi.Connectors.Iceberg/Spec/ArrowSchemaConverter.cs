using Apache.Arrow.Types;
using ArrowSchema = Apache.Arrow.Schema;

namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>Derives an Iceberg schema (fresh field ids from 1) from an Arrow schema of primitive columns.</summary>
public static class ArrowSchemaConverter
{
    /// <summary>Converts top-level primitive Arrow fields; non-nullable fields become required.</summary>
    /// <exception cref="UnsupportedFeatureException">A column has a type without an Iceberg mapping here (nested, unsigned, ...).</exception>
    public static IcebergSchema ToIcebergSchema(ArrowSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var id = 0;
        return new IcebergSchema(0, schema.FieldsList.Select(f => new NestedField(++id, f.Name, !f.IsNullable, ToIcebergType(f.Name, f.DataType))).ToList());
    }

    private static IcebergType ToIcebergType(string name, IArrowType type) => type switch
    {
        BooleanType => PrimitiveType.Boolean,
        Int8Type or Int16Type or Int32Type => PrimitiveType.Int,
        Int64Type => PrimitiveType.Long,
        FloatType => PrimitiveType.Float,
        DoubleType => PrimitiveType.Double,
        StringType => PrimitiveType.String,
        BinaryType => PrimitiveType.Binary,
        Date32Type => PrimitiveType.Date,
        Time64Type { Unit: TimeUnit.Microsecond } => PrimitiveType.Time,
        TimestampType { Unit: TimeUnit.Microsecond } t => string.IsNullOrEmpty(t.Timezone) ? PrimitiveType.Timestamp : PrimitiveType.TimestampTz,
        TimestampType { Unit: TimeUnit.Nanosecond } t => string.IsNullOrEmpty(t.Timezone) ? PrimitiveType.TimestampNs : PrimitiveType.TimestampTzNs,
        Decimal128Type d => new DecimalType(d.Precision, d.Scale),
        FixedSizeBinaryType f => new FixedType(f.ByteWidth),
        _ => throw new UnsupportedFeatureException($"Column '{name}' has Arrow type {type.Name}, which cannot be mapped to an Iceberg type yet; cast it to a supported primitive type."),
    };
}
