using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using ArrowField = Apache.Arrow.Field;
using ArrowMapType = Apache.Arrow.Types.MapType;
using ArrowSchema = Apache.Arrow.Schema;
using ArrowStructType = Apache.Arrow.Types.StructType;

namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>
/// Converts between Delta schemas and Apache Arrow schemas. timestamp ↔ timestamp[us, UTC], timestamp_ntz ↔
/// timestamp[us] without zone, date ↔ date32, decimal(p,s) ↔ decimal128(p,s), byte ↔ int8, short ↔ int16,
/// integer ↔ int32, long ↔ int64, array ↔ list, map ↔ map, struct ↔ struct, void ↔ null.
/// </summary>
public static class DeltaArrowSchema
{
    /// <summary>The Arrow field metadata key ParquetSharp (Arrow C++) reads and writes as the Parquet field id.</summary>
    public const string ParquetFieldIdKey = "PARQUET:field_id";

    /// <summary>
    /// Converts a Delta schema to Arrow. With <paramref name="physical"/> set to id or name, fields take their
    /// physical names and carry their column mapping id as <see cref="ParquetFieldIdKey"/> metadata, which is the
    /// schema of the data files.
    /// </summary>
    /// <exception cref="UnsupportedFeatureException">The schema contains a type without an Arrow mapping (variant).</exception>
    public static ArrowSchema ToArrow(StructType schema, ColumnMappingMode physical = ColumnMappingMode.None)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var builder = new ArrowSchema.Builder();
        foreach (var field in schema.Fields)
        {
            builder.Field(ToArrowField(field, physical));
        }

        return builder.Build();
    }

    /// <summary>Converts one Delta field to an Arrow field.</summary>
    public static ArrowField ToArrowField(StructField field, ColumnMappingMode physical = ColumnMappingMode.None)
    {
        ArgumentNullException.ThrowIfNull(field);
        var name = field.PhysicalNameFor(physical);
        IEnumerable<KeyValuePair<string, string>>? metadata = null;
        if (physical != ColumnMappingMode.None && field.ColumnMappingId is { } id)
        {
            metadata = [new(ParquetFieldIdKey, id.ToString(CultureInfo.InvariantCulture))];
        }

        return new ArrowField(name, ToArrowType(field.Type, physical, name), field.Nullable, metadata);
    }

    /// <summary>Converts one Delta type to an Arrow type.</summary>
    public static IArrowType ToArrowType(DeltaDataType type, ColumnMappingMode physical = ColumnMappingMode.None, string column = "<column>")
    {
        ArgumentNullException.ThrowIfNull(type);
        return type switch
        {
            DeltaDecimalType d => new Decimal128Type(d.Precision, d.Scale),
            DeltaArrayType a => new ListType(new ArrowField("element", ToArrowType(a.ElementType, physical, column), a.ContainsNull)),
            DeltaMapType m => new ArrowMapType(
                new ArrowField("key", ToArrowType(m.KeyType, physical, column), false),
                new ArrowField("value", ToArrowType(m.ValueType, physical, column), m.ValueContainsNull)),
            StructType s => new ArrowStructType(s.Fields.Select(f => ToArrowField(f, physical)).ToList()),
            DeltaPrimitiveType p => p.Name switch
            {
                "string" => StringType.Default,
                "long" => Int64Type.Default,
                "integer" => Int32Type.Default,
                "short" => Int16Type.Default,
                "byte" => Int8Type.Default,
                "float" => FloatType.Default,
                "double" => DoubleType.Default,
                "boolean" => BooleanType.Default,
                "binary" => BinaryType.Default,
                "date" => Date32Type.Default,
                "timestamp" => new TimestampType(TimeUnit.Microsecond, "UTC"),
                "timestamp_ntz" => new TimestampType(TimeUnit.Microsecond, (string?)null),
                "void" => NullType.Default,
                _ => throw new UnsupportedFeatureException($"The column '{column}' has the Delta type '{p.Name}', which this library cannot read or write yet."),
            },
            _ => throw new UnsupportedFeatureException($"The column '{column}' has the Delta type '{type.TypeName}', which has no Arrow mapping."),
        };
    }

    /// <summary>Converts an Arrow schema to a Delta schema (no column mapping metadata).</summary>
    /// <exception cref="ValidationFailedException">A field has an Arrow type Delta cannot store.</exception>
    public static StructType FromArrow(ArrowSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new StructType(schema.FieldsList.Select(FromArrowField).ToList());
    }

    /// <summary>Converts one Arrow field to a Delta field.</summary>
    public static StructField FromArrowField(ArrowField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return new StructField(field.Name, FromArrowType(field.DataType, field.Name), field.IsNullable);
    }

    /// <summary>Converts one Arrow type to a Delta type.</summary>
    /// <exception cref="ValidationFailedException">The Arrow type has no Delta equivalent.</exception>
    public static DeltaDataType FromArrowType(IArrowType type, string column = "<column>")
    {
        ArgumentNullException.ThrowIfNull(type);
        return type switch
        {
            StringType or LargeStringType or StringViewType => DeltaPrimitiveType.String,
            Int64Type => DeltaPrimitiveType.Long,
            Int32Type => DeltaPrimitiveType.Integer,
            Int16Type => DeltaPrimitiveType.Short,
            Int8Type => DeltaPrimitiveType.Byte,
            UInt8Type => DeltaPrimitiveType.Short,
            UInt16Type => DeltaPrimitiveType.Integer,
            UInt32Type => DeltaPrimitiveType.Long,
            HalfFloatType or FloatType => DeltaPrimitiveType.Float,
            DoubleType => DeltaPrimitiveType.Double,
            BooleanType => DeltaPrimitiveType.Boolean,
            BinaryType or LargeBinaryType or BinaryViewType => DeltaPrimitiveType.Binary,
            Date32Type or Date64Type => DeltaPrimitiveType.Date,
            TimestampType ts => string.IsNullOrEmpty(ts.Timezone) ? DeltaPrimitiveType.TimestampNtz : DeltaPrimitiveType.Timestamp,
            Decimal128Type d when d.Precision <= DeltaDecimalType.MaxPrecision => new DeltaDecimalType(d.Precision, d.Scale),
            Decimal256Type d when d.Precision <= DeltaDecimalType.MaxPrecision => new DeltaDecimalType(d.Precision, d.Scale),
            Decimal128Type or Decimal256Type => throw new ValidationFailedException($"The column '{column}' has a decimal precision above 38, which Delta tables cannot store."),
            FixedSizeBinaryType => DeltaPrimitiveType.Binary,
            NullType => DeltaPrimitiveType.Void,
            ArrowMapType m => new DeltaMapType(FromArrowType(m.KeyField.DataType, column + ".key"), FromArrowType(m.ValueField.DataType, column + ".value"), m.ValueField.IsNullable),
            ListType l => new DeltaArrayType(FromArrowType(l.ValueDataType, column + ".element"), l.ValueField.IsNullable),
            LargeListType l => new DeltaArrayType(FromArrowType(l.ValueDataType, column + ".element"), l.ValueField.IsNullable),
            FixedSizeListType l => new DeltaArrayType(FromArrowType(l.ValueDataType, column + ".element"), l.ValueField.IsNullable),
            ArrowStructType s => new StructType(s.Fields.Select(FromArrowField).ToList()),
            DictionaryType d => FromArrowType(d.ValueType, column),
            _ => throw new ValidationFailedException($"The column '{column}' has the Arrow type {type.Name}, which Delta tables cannot store; cast it to a supported type first."),
        };
    }
}
