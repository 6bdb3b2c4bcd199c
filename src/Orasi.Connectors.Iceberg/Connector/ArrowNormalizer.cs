using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.Iceberg.Spec;
using IcebergListType = Orasi.Connectors.Iceberg.Spec.ListType;
using IcebergMapType = Orasi.Connectors.Iceberg.Spec.MapType;
using IcebergStructType = Orasi.Connectors.Iceberg.Spec.StructType;

namespace Orasi.Connectors.Iceberg.Connector;

/// <summary>
/// Maps Arrow data to what a format v2 table can hold: timestamps of any unit become microsecond timestamps
/// (v2 has no nanosecond type), at any nesting depth; and derives an Iceberg schema (fresh ids, nested types
/// included) from an Arrow schema.
/// </summary>
public static class ArrowNormalizer
{
    /// <summary>The batch with every non-microsecond timestamp column converted to microseconds (the same batch when none is).</summary>
    public static RecordBatch Normalize(RecordBatch batch)
    {
        var changed = false;
        var columns = new IArrowArray[batch.ColumnCount];
        var fields = new List<Field>(batch.ColumnCount);
        for (var i = 0; i < batch.ColumnCount; i++)
        {
            var data = Convert(batch.Column(i).Data);
            changed |= !ReferenceEquals(data, batch.Column(i).Data);
            columns[i] = ReferenceEquals(data, batch.Column(i).Data) ? batch.Column(i) : ArrowArrayFactory.BuildArray(data);
            var f = batch.Schema.FieldsList[i];
            fields.Add(ReferenceEquals(data.DataType, f.DataType) ? f : new Field(f.Name, data.DataType, f.IsNullable, f.Metadata));
        }

        return changed ? new RecordBatch(new Schema(fields, batch.Schema.Metadata), columns, batch.Length) : batch;
    }

    /// <summary>The schema with timestamps converted to microseconds.</summary>
    public static Schema Normalize(Schema schema) =>
        new(schema.FieldsList.Select(f => new Field(f.Name, NormalizeType(f.DataType), f.IsNullable, f.Metadata)), schema.Metadata);

    /// <summary>Derives an Iceberg schema (ids 1..n for top-level fields, then nested ids) from an Arrow schema.</summary>
    /// <exception cref="UnsupportedFeatureException">A column has a type without an Iceberg mapping.</exception>
    public static IcebergSchema ToIcebergSchema(Schema schema)
    {
        var next = schema.FieldsList.Count;
        var fields = schema.FieldsList.Select((f, i) => (Id: i + 1, Field: f)).ToList();
        return new IcebergSchema(0, fields.Select(x => new NestedField(x.Id, x.Field.Name, !x.Field.IsNullable, ToIcebergType(x.Field.Name, x.Field.DataType, ref next))).ToList());
    }

    private static IcebergType ToIcebergType(string name, IArrowType type, ref int next)
    {
        switch (type)
        {
            case Apache.Arrow.Types.StructType s:
                {
                    var first = next;
                    next += s.Fields.Count;
                    var list = new List<NestedField>();
                    for (var i = 0; i < s.Fields.Count; i++)
                    {
                        var f = s.Fields[i];
                        list.Add(new NestedField(first + i + 1, f.Name, !f.IsNullable, ToIcebergType($"{name}.{f.Name}", f.DataType, ref next)));
                    }

                    return new IcebergStructType(list);
                }

            case Apache.Arrow.Types.MapType m:
                {
                    var keyId = ++next;
                    var valueId = ++next;
                    var key = ToIcebergType(name + ".key", m.KeyField.DataType, ref next);
                    var value = ToIcebergType(name + ".value", m.ValueField.DataType, ref next);
                    return new IcebergMapType(keyId, key, valueId, value, !m.ValueField.IsNullable);
                }

            case Apache.Arrow.Types.ListType l:
                {
                    var elementId = ++next;
                    return new IcebergListType(elementId, ToIcebergType(name + ".element", l.ValueDataType, ref next), !l.ValueField.IsNullable);
                }

            case BooleanType: return PrimitiveType.Boolean;
            case Int8Type or Int16Type or Int32Type or UInt8Type or UInt16Type: return PrimitiveType.Int;
            case Int64Type or UInt32Type: return PrimitiveType.Long;
            case FloatType: return PrimitiveType.Float;
            case DoubleType: return PrimitiveType.Double;
            case StringType or LargeStringType: return PrimitiveType.String;
            case BinaryType or LargeBinaryType: return PrimitiveType.Binary;
            case Date32Type: return PrimitiveType.Date;
            case Time64Type { Unit: TimeUnit.Microsecond }: return PrimitiveType.Time;
            case TimestampType t: return string.IsNullOrEmpty(t.Timezone) ? PrimitiveType.Timestamp : PrimitiveType.TimestampTz;
            case Decimal128Type d: return new DecimalType(d.Precision, d.Scale);
            case FixedSizeBinaryType f: return new FixedType(f.ByteWidth);
            default:
                throw new UnsupportedFeatureException($"Column '{name}' has Arrow type {type.Name}, which has no Iceberg mapping here; cast it to a supported type before writing.");
        }
    }

    private static IArrowType NormalizeType(IArrowType type) => type switch
    {
        TimestampType { Unit: not TimeUnit.Microsecond } t => new TimestampType(TimeUnit.Microsecond, t.Timezone),
        Apache.Arrow.Types.StructType s => s.Fields.Any(f => !ReferenceEquals(NormalizeType(f.DataType), f.DataType))
            ? new Apache.Arrow.Types.StructType(s.Fields.Select(Normalize).ToList())
            : s,
        Apache.Arrow.Types.MapType m => !ReferenceEquals(NormalizeType(m.KeyField.DataType), m.KeyField.DataType) || !ReferenceEquals(NormalizeType(m.ValueField.DataType), m.ValueField.DataType)
            ? new Apache.Arrow.Types.MapType(Normalize(m.KeyField), Normalize(m.ValueField), m.KeySorted)
            : m,
        Apache.Arrow.Types.ListType l => !ReferenceEquals(NormalizeType(l.ValueDataType), l.ValueDataType)
            ? new Apache.Arrow.Types.ListType(Normalize(l.ValueField))
            : l,
        _ => type,
    };

    private static Field Normalize(Field f)
    {
        var t = NormalizeType(f.DataType);
        return ReferenceEquals(t, f.DataType) ? f : new Field(f.Name, t, f.IsNullable, f.Metadata);
    }

    private static ArrayData Convert(ArrayData data)
    {
        var target = NormalizeType(data.DataType);
        if (ReferenceEquals(target, data.DataType))
        {
            return data;
        }

        if (data.DataType is TimestampType ts)
        {
            var source = data.Buffers[1].Span.CastTo<long>();
            var count = data.Offset + data.Length;
            var builder = new ArrowBuffer.Builder<long>(count);
            builder.Resize(count);
            var values = builder.Span;
            if (ts.Unit == TimeUnit.Nanosecond)
            {
                for (var i = 0; i < count; i++)
                {
                    var v = source[i];
                    values[i] = v >= 0 ? v / 1000L : Math.DivRem(v, 1000L, out var r) - (r < 0 ? 1 : 0);
                }
            }
            else
            {
                var factor = ts.Unit == TimeUnit.Millisecond ? 1000L : 1_000_000L;
                for (var i = 0; i < count; i++) values[i] = source[i] * factor;
            }

            var buffer = builder.Build();
            return new ArrayData(target, data.Length, data.NullCount, data.Offset, [data.Buffers[0], buffer]);
        }

        var children = data.Children.Select(Convert).ToArray();
        return new ArrayData(target, data.Length, data.NullCount, data.Offset, data.Buffers, children, data.Dictionary);
    }
}
