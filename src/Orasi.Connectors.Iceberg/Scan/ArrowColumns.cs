using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Memory;
using Apache.Arrow.Types;
using Orasi.Connectors.Iceberg.Spec;
using ArrowField = Apache.Arrow.Field;

namespace Orasi.Connectors.Iceberg.Scan;

/// <summary>Arrow helpers for projecting file columns onto the table schema: type conformance, null and constant columns, value access.</summary>
internal static class ArrowColumns
{
    public static int? FieldId(ArrowField field) =>
        field.HasMetadata && field.Metadata.TryGetValue(IcebergSchema.FieldIdMetadataKey, out var text)
        && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>Reshapes a file column to the table's Arrow type: promotions (int→long, float→double, decimal precision), renamed/added nested fields.</summary>
    public static IArrowArray Conform(IArrowArray array, ArrowField fileField, ArrowField expected, Func<ArrowField, int?> idOf)
    {
        var actualType = array.Data.DataType;
        var expectedType = expected.DataType;
        switch (expectedType)
        {
            case Int64Type when actualType is Int32Type:
            {
                var source = (Int32Array)array;
                var b = new Int64Array.Builder().Reserve(source.Length);
                for (var i = 0; i < source.Length; i++)
                {
                    if (source.IsNull(i)) b.AppendNull(); else b.Append(source.GetValue(i)!.Value);
                }

                return b.Build();
            }

            case DoubleType when actualType is FloatType:
            {
                var source = (FloatArray)array;
                var b = new DoubleArray.Builder().Reserve(source.Length);
                for (var i = 0; i < source.Length; i++)
                {
                    if (source.IsNull(i)) b.AppendNull(); else b.Append(source.GetValue(i)!.Value);
                }

                return b.Build();
            }

            case StringType when actualType is LargeStringType:
            {
                var source = (LargeStringArray)array;
                var b = new StringArray.Builder();
                for (var i = 0; i < source.Length; i++)
                {
                    if (source.IsNull(i)) b.AppendNull(); else b.Append(source.GetString(i));
                }

                return b.Build();
            }

            case BinaryType when actualType is LargeBinaryType:
            {
                var source = (LargeBinaryArray)array;
                var b = new BinaryArray.Builder();
                for (var i = 0; i < source.Length; i++)
                {
                    if (source.IsNull(i)) b.AppendNull(); else b.Append(source.GetBytes(i));
                }

                return b.Build();
            }

            case Decimal128Type dt when actualType is Decimal128Type at && at.Scale == dt.Scale && at.Precision != dt.Precision:
                return ArrowArrayFactory.BuildArray(Retype(array.Data, expectedType, array.Data.Children));
            case TimestampType et when actualType is TimestampType att && (et.Unit != att.Unit || et.Timezone != att.Timezone):
                return ConvertTimestamp((TimestampArray)array, et);
            case Apache.Arrow.Types.StructType est when actualType is Apache.Arrow.Types.StructType ast:
            {
                var structArray = (StructArray)array;
                var children = new List<ArrayData>(est.Fields.Count);
                foreach (var ef in est.Fields)
                {
                    var id = idOf(ef);
                    var index = -1;
                    for (var i = 0; i < ast.Fields.Count; i++)
                    {
                        if ((id is not null && idOf(ast.Fields[i]) == id) || (id is null && ast.Fields[i].Name == ef.Name))
                        {
                            index = i;
                            break;
                        }
                    }

                    if (index < 0)
                    {
                        // Files written without field ids: match nested fields by name.
                        for (var i = 0; i < ast.Fields.Count; i++)
                        {
                            if (idOf(ast.Fields[i]) is null && ast.Fields[i].Name == ef.Name)
                            {
                                index = i;
                                break;
                            }
                        }
                    }

                    children.Add(index < 0
                        ? Nulls(ef.DataType, array.Length).Data
                        : Conform(structArray.Fields[index], ast.Fields[index], ef, idOf).Data);
                }

                return ArrowArrayFactory.BuildArray(Retype(array.Data, expectedType, children.ToArray()));
            }

            case Apache.Arrow.Types.MapType emt when actualType is Apache.Arrow.Types.MapType amt:
            {
                var entries = array.Data.Children[0];
                var entriesArray = ArrowArrayFactory.BuildArray(entries);
                var conformed = Conform(entriesArray, new ArrowField("entries", amt.KeyValueType, false), new ArrowField("entries", emt.KeyValueType, false), idOf);
                return ArrowArrayFactory.BuildArray(Retype(array.Data, expectedType, [conformed.Data]));
            }

            case Apache.Arrow.Types.ListType elt when actualType is Apache.Arrow.Types.ListType alt:
            {
                var values = ArrowArrayFactory.BuildArray(array.Data.Children[0]);
                var conformed = Conform(values, alt.ValueField, elt.ValueField, idOf);
                return ArrowArrayFactory.BuildArray(Retype(array.Data, expectedType, [conformed.Data]));
            }
        }

        if (actualType.TypeId == expectedType.TypeId)
        {
            return array;
        }

        throw new UnsupportedFeatureException($"Column '{expected.Name}' is stored as {actualType.Name} in the data file but the table declares {expectedType.Name}; this promotion is not supported.");
    }

    private static ArrayData Retype(ArrayData data, IArrowType type, ArrayData[] children) =>
        new(type, data.Length, data.NullCount, data.Offset, data.Buffers, children, data.Dictionary);

    private static TimestampArray ConvertTimestamp(TimestampArray source, TimestampType target)
    {
        var from = (TimestampType)source.Data.DataType;
        var b = new TimestampArray.Builder(target).Reserve(source.Length);
        var values = new long[source.Length];
        var nulls = new bool[source.Length];
        for (var i = 0; i < source.Length; i++)
        {
            nulls[i] = source.IsNull(i);
            values[i] = nulls[i] ? 0 : Scale(source.Values[i], from.Unit, target.Unit);
        }

        var valueBuffer = new ArrowBuffer.Builder<long>(values.Length).AppendRange(values).Build();
        var validity = new ArrowBuffer.BitmapBuilder(values.Length);
        foreach (var n in nulls) validity.Append(!n);
        var nullCount = nulls.Count(n => n);
        _ = b;
        return new TimestampArray(target, valueBuffer, validity.Build(), values.Length, nullCount, 0);
    }

    private static long Scale(long value, TimeUnit from, TimeUnit to)
    {
        static long PerSecond(TimeUnit u) => u switch
        {
            TimeUnit.Second => 1,
            TimeUnit.Millisecond => 1_000,
            TimeUnit.Microsecond => 1_000_000,
            _ => 1_000_000_000,
        };

        var f = PerSecond(from);
        var t = PerSecond(to);
        return f == t ? value : f < t ? value * (t / f) : Transform.FloorDiv(value, f / t);
    }

    /// <summary>An all-null column of any type.</summary>
    public static IArrowArray Nulls(IArrowType type, int length)
    {
        return ArrowArrayFactory.BuildArray(NullData(type, length));
    }

    private static ArrayData NullData(IArrowType type, int length)
    {
        var validity = new ArrowBuffer(new byte[(length + 7) / 8]);
        switch (type)
        {
            case NullType:
                return new ArrayData(type, length, length, 0, [ArrowBuffer.Empty]);
            case BooleanType:
                return new ArrayData(type, length, length, 0, [validity, new ArrowBuffer(new byte[(length + 7) / 8])]);
            case FixedWidthType fw:
                return new ArrayData(type, length, length, 0, [validity, new ArrowBuffer(new byte[Math.Max(1, length * ((fw.BitWidth + 7) / 8))])]);
            case StringType or BinaryType:
                return new ArrayData(type, length, length, 0, [validity, new ArrowBuffer(new byte[(length + 1) * 4]), ArrowBuffer.Empty]);
            case Apache.Arrow.Types.StructType st:
                return new ArrayData(type, length, length, 0, [validity], st.Fields.Select(f => NullData(f.DataType, length)).ToArray());
            case Apache.Arrow.Types.ListType lt:
                return new ArrayData(type, length, length, 0, [validity, new ArrowBuffer(new byte[(length + 1) * 4])], [NullData(lt.ValueDataType, 0)]);
            case Apache.Arrow.Types.MapType mt:
                return new ArrayData(type, length, length, 0, [validity, new ArrowBuffer(new byte[(length + 1) * 4])], [NullData(mt.KeyValueType, 0)]);
            default:
                throw new UnsupportedFeatureException($"Cannot build a null column of Arrow type {type.Name}.");
        }
    }

    /// <summary>A column repeating one Iceberg value (an <c>initial-default</c> or identity partition value), or null when the type is not supported for constants.</summary>
    public static IArrowArray? Constant(IArrowType type, object value, int length)
    {
        switch (type)
        {
            case Int32Type:
            {
                var b = new Int32Array.Builder().Reserve(length);
                var v = Convert.ToInt32(value, CultureInfo.InvariantCulture);
                for (var i = 0; i < length; i++) b.Append(v);
                return b.Build();
            }

            case Int64Type:
            {
                var b = new Int64Array.Builder().Reserve(length);
                var v = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                for (var i = 0; i < length; i++) b.Append(v);
                return b.Build();
            }

            case FloatType:
            {
                var b = new FloatArray.Builder().Reserve(length);
                var v = Convert.ToSingle(value, CultureInfo.InvariantCulture);
                for (var i = 0; i < length; i++) b.Append(v);
                return b.Build();
            }

            case DoubleType:
            {
                var b = new DoubleArray.Builder().Reserve(length);
                var v = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                for (var i = 0; i < length; i++) b.Append(v);
                return b.Build();
            }

            case BooleanType:
            {
                var b = new BooleanArray.Builder().Reserve(length);
                var v = (bool)value;
                for (var i = 0; i < length; i++) b.Append(v);
                return b.Build();
            }

            case StringType:
            {
                var b = new StringArray.Builder();
                var v = Convert.ToString(value, CultureInfo.InvariantCulture)!;
                for (var i = 0; i < length; i++) b.Append(v);
                return b.Build();
            }

            case Date32Type:
            {
                var b = new Date32Array.Builder().Reserve(length);
                var days = value is DateOnly d ? d.DayNumber - Conversions.EpochDay : Convert.ToInt32(value, CultureInfo.InvariantCulture);
                var date = DateOnly.FromDayNumber(Conversions.EpochDay + days);
                for (var i = 0; i < length; i++) b.Append(date);
                return b.Build();
            }

            case Decimal128Type dt:
            {
                var b = new Decimal128Array.Builder(dt).Reserve(length);
                var v = Convert.ToDecimal(value, CultureInfo.InvariantCulture);
                for (var i = 0; i < length; i++) b.Append(v);
                return b.Build();
            }

            case Time64Type t64:
            {
                var raw = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                var buffer = new ArrowBuffer.Builder<long>(length).AppendRange(Enumerable.Repeat(raw, length)).Build();
                return new Time64Array(t64, buffer, ArrowBuffer.Empty, length, 0, 0);
            }

            case TimestampType tt:
            {
                var raw = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                var values = Enumerable.Repeat(raw, length).ToArray();
                var buffer = new ArrowBuffer.Builder<long>(length).AppendRange(values).Build();
                return new TimestampArray(tt, buffer, ArrowBuffer.Empty, length, 0, 0);
            }

            default:
                return null;
        }
    }

    /// <summary>A comparable .NET value of one cell (for equality deletes); byte arrays are wrapped for structural equality.</summary>
    public static object? Value(IArrowArray array, int index)
    {
        if (array.IsNull(index))
        {
            return null;
        }

        return array switch
        {
            Int32Array a => (long)a.GetValue(index)!.Value,
            Int64Array a => a.GetValue(index)!.Value,
            Int16Array a => (long)a.GetValue(index)!.Value,
            Int8Array a => (long)a.GetValue(index)!.Value,
            FloatArray a => (double)a.GetValue(index)!.Value,
            DoubleArray a => a.GetValue(index)!.Value,
            BooleanArray a => a.GetValue(index)!.Value,
            StringArray a => a.GetString(index),
            Date32Array a => (long)a.GetValue(index)!.Value,
            Date64Array a => a.GetValue(index)!.Value,
            TimestampArray a => a.Values[index],
            Time64Array a => a.GetValue(index)!.Value,
            Decimal128Array a => a.GetSqlDecimal(index)!.Value.ToString(),
            Apache.Arrow.Arrays.FixedSizeBinaryArray a => Convert.ToHexString(a.GetBytes(index)),
            BinaryArray a => Convert.ToHexString(a.GetBytes(index)),
            _ => throw new UnsupportedFeatureException($"Equality deletes on columns of Arrow type {array.Data.DataType.Name} are not supported yet."),
        };
    }
}
