using System.Data.SqlTypes;
using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.DeltaLake.Protocol;
using ArrowField = Apache.Arrow.Field;
using ArrowMapType = Apache.Arrow.Types.MapType;
using ArrowStructType = Apache.Arrow.Types.StructType;
using StructType = Orasi.Connectors.DeltaLake.Protocol.StructType;

namespace Orasi.Connectors.DeltaLake.Scan;

/// <summary>
/// Converts a column read from a data file into the table's logical column: struct fields matched by column mapping
/// (field id or physical name) and renamed to logical names, missing nested fields filled with nulls, and scalar
/// values cast to the table's exact Arrow type (timestamp units and zones, widened integers, floats and decimals,
/// date to timestamp_ntz, dictionary decoding).
/// </summary>
internal static class ArrowColumnConverter
{
    /// <summary>Converts <paramref name="source"/> (offset 0, as read) to the logical type of <paramref name="type"/>.</summary>
    public static IArrowArray Convert(IArrowArray source, DeltaDataType type, ColumnMappingMode mode, string column)
    {
        ArgumentNullException.ThrowIfNull(source);
        var target = DeltaArrowSchema.ToArrowType(type, ColumnMappingMode.None, column);
        return Convert(source, type, target, mode, column);
    }

    /// <summary>Finds the child of a file struct (or the top-level field of a file schema) that holds <paramref name="field"/>.</summary>
    public static int FindField(IReadOnlyList<ArrowField> fileFields, StructField field, ColumnMappingMode mode)
    {
        ArgumentNullException.ThrowIfNull(fileFields);
        ArgumentNullException.ThrowIfNull(field);
        if (mode == ColumnMappingMode.Id && field.ColumnMappingId is { } id)
        {
            var idText = id.ToString(CultureInfo.InvariantCulture);
            for (var i = 0; i < fileFields.Count; i++)
            {
                if (fileFields[i].Metadata is { } meta && meta.TryGetValue(DeltaArrowSchema.ParquetFieldIdKey, out var value) && value == idText)
                {
                    return i;
                }
            }
        }

        var name = mode == ColumnMappingMode.None ? field.Name : field.PhysicalName ?? field.Name;
        for (var i = 0; i < fileFields.Count; i++)
        {
            if (string.Equals(fileFields[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        for (var i = 0; i < fileFields.Count; i++)
        {
            if (string.Equals(fileFields[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static IArrowArray Convert(IArrowArray source, DeltaDataType type, IArrowType target, ColumnMappingMode mode, string column)
    {
        if (source is DictionaryArray && type is not DeltaPrimitiveType and not DeltaDecimalType)
        {
            throw new UnsupportedFeatureException($"The column '{column}' is dictionary-encoded with a nested type, which cannot be read yet.");
        }

        switch (type)
        {
            case StructType st:
                return ConvertStruct(source as StructArray ?? throw Mismatch(source, type, column), st, (ArrowStructType)target, mode, column);
            case DeltaArrayType at:
            {
                var list = source as ListArray ?? throw Mismatch(source, type, column);
                var listType = (ListType)target;
                var values = Convert(list.Values, at.ElementType, listType.ValueDataType, mode, column + ".element");
                return new ListArray(listType, list.Length, list.ValueOffsetsBuffer, values, list.NullBitmapBuffer, list.NullCount, list.Offset);
            }

            case DeltaMapType mt:
            {
                var map = source as MapArray ?? throw Mismatch(source, type, column);
                var mapType = (ArrowMapType)target;
                var keys = Convert(map.Keys, mt.KeyType, mapType.KeyField.DataType, mode, column + ".key");
                var values = Convert(map.Values, mt.ValueType, mapType.ValueField.DataType, mode, column + ".value");
                var entries = new StructArray(mapType.KeyValueType, keys.Length, [keys, values], ArrowBuffer.Empty, 0);
                return new MapArray(mapType, map.Length, map.ValueOffsetsBuffer, entries, map.NullBitmapBuffer, map.NullCount, map.Offset);
            }

            default:
                return ConvertScalar(source, target, column);
        }
    }

    private static StructArray ConvertStruct(StructArray source, StructType type, ArrowStructType target, ColumnMappingMode mode, string column)
    {
        var sourceFields = ((ArrowStructType)source.Data.DataType).Fields;
        var children = new IArrowArray[type.Fields.Count];
        for (var i = 0; i < children.Length; i++)
        {
            var field = type.Fields[i];
            var index = FindField(sourceFields, field, mode);
            var childTarget = target.Fields[i].DataType;
            if (index < 0)
            {
                children[i] = NullArrays.Create(childTarget, source.Length);
                continue;
            }

            var child = source.Fields[index];
            if (child.Length != source.Length)
            {
                child = ArrowArrayFactory.Slice(child, source.Offset, source.Length);
            }

            children[i] = Convert(child, field.Type, childTarget, mode, column + "." + field.Name);
        }

        var validity = source.Offset == 0 ? source.NullBitmapBuffer : ArrowBuffer.Empty;
        var nullCount = source.Offset == 0 ? source.NullCount : 0;
        if (source.Offset != 0 && source.NullCount > 0)
        {
            var bits = new ArrowBuffer.BitmapBuilder(source.Length);
            for (var r = 0; r < source.Length; r++)
            {
                bits.Append(source.IsValid(r));
            }

            validity = bits.Build();
            nullCount = source.NullCount;
        }

        return new StructArray(target, source.Length, children, validity, nullCount);
    }

    private static bool SameType(IArrowType a, IArrowType b) => (a, b) switch
    {
        (TimestampType x, TimestampType y) => x.Unit == y.Unit && string.IsNullOrEmpty(x.Timezone) == string.IsNullOrEmpty(y.Timezone)
            && (string.IsNullOrEmpty(x.Timezone) || x.Timezone is "UTC" or "+00:00" or "Etc/UTC" == y.Timezone is "UTC" or "+00:00" or "Etc/UTC" && x.Timezone == y.Timezone),
        (Decimal128Type x, Decimal128Type y) => x.Precision == y.Precision && x.Scale == y.Scale,
        _ => a.TypeId == b.TypeId && a.TypeId is not (ArrowTypeId.List or ArrowTypeId.Map or ArrowTypeId.Struct or ArrowTypeId.Dictionary or ArrowTypeId.FixedSizedBinary),
    };

    private static IArrowArray ConvertScalar(IArrowArray source, IArrowType target, string column)
    {
        if (SameType(source.Data.DataType, target))
        {
            return source;
        }

        if (target is TimestampType sameUnit && source.Data.DataType is TimestampType { } st && st.Unit == sameUnit.Unit)
        {
            // Only the zone label differs: reuse the buffers.
            var data = source.Data;
            return new TimestampArray(new ArrayData(target, data.Length, data.NullCount, data.Offset, data.Buffers, data.Children));
        }

        var read = ArrowValues.Reader(source, column);
        var n = source.Length;
        try
        {
            switch (target)
            {
                case NullType:
                    return new NullArray(n);
                case Int8Type:
                    return Build(new Int8Array.Builder(), n, read, (b, v) => b.Append(checked((sbyte)ToLong(v))), b => b.AppendNull(), b => b.Build());
                case Int16Type:
                    return Build(new Int16Array.Builder(), n, read, (b, v) => b.Append(checked((short)ToLong(v))), b => b.AppendNull(), b => b.Build());
                case Int32Type:
                    return Build(new Int32Array.Builder(), n, read, (b, v) => b.Append(checked((int)ToLong(v))), b => b.AppendNull(), b => b.Build());
                case Int64Type:
                    return Build(new Int64Array.Builder(), n, read, (b, v) => b.Append(ToLong(v)), b => b.AppendNull(), b => b.Build());
                case FloatType:
                    return Build(new FloatArray.Builder(), n, read, (b, v) => b.Append((float)ToDouble(v)), b => b.AppendNull(), b => b.Build());
                case DoubleType:
                    return Build(new DoubleArray.Builder(), n, read, (b, v) => b.Append(ToDouble(v)), b => b.AppendNull(), b => b.Build());
                case BooleanType:
                    return Build(new BooleanArray.Builder(), n, read, (b, v) => b.Append((bool)v), b => b.AppendNull(), b => b.Build());
                case StringType:
                    return Build(new StringArray.Builder(), n, read, (b, v) => b.Append(v is byte[] bytes ? System.Text.Encoding.UTF8.GetString(bytes) : (string)v), b => b.AppendNull(), b => b.Build());
                case BinaryType:
                    return Build(new BinaryArray.Builder(), n, read, (b, v) => b.Append(v is string s ? System.Text.Encoding.UTF8.GetBytes(s) : (byte[])v), b => b.AppendNull(), b => b.Build());
                case Date32Type:
                    return Build(new Date32Array.Builder(), n, read, (b, v) => b.Append(ToDate(v)), b => b.AppendNull(), b => b.Build());
                case TimestampType ts:
                    return BuildTimestamps(ts, n, read);
                case Decimal128Type dec:
                    return Build(new Decimal128Array.Builder(dec), n, read, (b, v) =>
                    {
                        switch (v)
                        {
                            case SqlDecimal s:
                                b.Append(s);
                                break;
                            default:
                                b.Append(ToDecimal(v));
                                break;
                        }
                    }, b => b.AppendNull(), b => b.Build());
                default:
                    throw new UnsupportedFeatureException($"The column '{column}' has the table type {target.Name}, which the scan cannot produce yet.");
            }
        }
        catch (Exception ex) when (ex is InvalidCastException or OverflowException)
        {
            throw new UnsupportedFeatureException(
                $"The column '{column}' is stored as {source.Data.DataType.Name} in a data file and cannot be converted to the table's type {target.Name}; this type change is not supported.", ex);
        }
    }

    private static IArrowArray BuildTimestamps(TimestampType type, int n, Func<int, object?> read)
    {
        var builder = new ArrowBuffer.Builder<long>(n);
        var validity = new ArrowBuffer.BitmapBuilder(n);
        var nulls = 0;
        for (var i = 0; i < n; i++)
        {
            var value = read(i);
            if (value is null)
            {
                builder.Append(0);
                validity.Append(false);
                nulls++;
                continue;
            }

            var micros = value switch
            {
                TimestampMicros t => t.Value,
                DateOnly d => (d.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber) * 86_400_000_000L,
                _ => throw new InvalidCastException($"A {value.GetType().Name} is not a timestamp."),
            };
            var raw = type.Unit switch
            {
                TimeUnit.Second => micros / 1_000_000,
                TimeUnit.Millisecond => micros / 1000,
                TimeUnit.Microsecond => micros,
                _ => checked(micros * 1000),
            };
            builder.Append(raw);
            validity.Append(true);
        }

        return new TimestampArray(type, builder.Build(), nulls == 0 ? ArrowBuffer.Empty : validity.Build(), n, nulls, 0);
    }

    private static long ToLong(object v) => v switch
    {
        long l => l,
        _ => throw new InvalidCastException($"A {v.GetType().Name} value is not an integer."),
    };

    private static double ToDouble(object v) => v switch
    {
        double d => d,
        long l => l,
        decimal m => (double)m,
        _ => throw new InvalidCastException($"A {v.GetType().Name} value is not a number."),
    };

    private static decimal ToDecimal(object v) => v switch
    {
        decimal m => m,
        long l => l,
        _ => throw new InvalidCastException($"A {v.GetType().Name} value is not a decimal."),
    };

    private static DateTime ToDate(object v) => v switch
    {
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        _ => throw new InvalidCastException($"A {v.GetType().Name} value is not a date."),
    };

    private static IArrowArray Build<TBuilder>(TBuilder builder, int n, Func<int, object?> read, Action<TBuilder, object> append, Action<TBuilder> appendNull, Func<TBuilder, IArrowArray> build)
    {
        for (var i = 0; i < n; i++)
        {
            var value = read(i);
            if (value is null)
            {
                appendNull(builder);
            }
            else
            {
                append(builder, value);
            }
        }

        return build(builder);
    }

    private static CorruptDataException Mismatch(IArrowArray source, DeltaDataType type, string column) =>
        new($"The column '{column}' is stored as {source.Data.DataType.Name} in a data file but the table schema says {type.TypeName}; the data file does not match the table.");
}
