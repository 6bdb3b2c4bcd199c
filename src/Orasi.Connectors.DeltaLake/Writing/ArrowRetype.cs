using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.DeltaLake.Writing;

/// <summary>
/// Re-labels Arrow arrays with another type of the same physical layout (different field names, list item names,
/// timestamp zones, Parquet field ids) without copying buffers, converting timestamp units and date64 where needed.
/// </summary>
internal static class ArrowRetype
{
    /// <summary>Returns <paramref name="array"/> as an array of <paramref name="target"/>.</summary>
    /// <exception cref="ValidationFailedException">The layouts differ in a way that needs a real cast.</exception>
    public static IArrowArray Retype(IArrowArray array, IArrowType target, string column)
    {
        ArgumentNullException.ThrowIfNull(array);
        return ArrowArrayFactory.BuildArray(Retype(array.Data, target, column));
    }

    private static ArrayData Retype(ArrayData data, IArrowType target, string column)
    {
        var source = data.DataType;
        switch (source, target)
        {
            case (TimestampType from, TimestampType to) when from.Unit != to.Unit:
                return ConvertTimestamps(data, from.Unit, to);
            case (Date64Type, Date32Type):
                return ConvertDate64(data);
            case (FixedSizeBinaryType from, BinaryType):
                return FixedToVariableBinary(data, from.ByteWidth, target);
            case (StructType from, StructType to) when from.Fields.Count == to.Fields.Count:
            {
                var children = new ArrayData[data.Children.Length];
                for (var i = 0; i < children.Length; i++)
                {
                    children[i] = Retype(data.Children[i], to.Fields[i].DataType, column + "." + to.Fields[i].Name);
                }

                return new ArrayData(target, data.Length, data.NullCount, data.Offset, data.Buffers, children, data.Dictionary);
            }

            case (MapType, MapType to):
                return new ArrayData(target, data.Length, data.NullCount, data.Offset, data.Buffers,
                    [Retype(data.Children[0], to.KeyValueType, column)], data.Dictionary);
            case (ListType, ListType to):
                return new ArrayData(target, data.Length, data.NullCount, data.Offset, data.Buffers,
                    [Retype(data.Children[0], to.ValueDataType, column + ".element")], data.Dictionary);
            default:
                if (source.TypeId != target.TypeId || source.TypeId is ArrowTypeId.Struct or ArrowTypeId.List or ArrowTypeId.Map)
                {
                    throw new ValidationFailedException(
                        $"The column '{column}' has the Arrow type {source.Name} but the Delta table stores {target.Name}; cast the column before writing.");
                }

                if (source is Decimal128Type d1 && target is Decimal128Type d2 && (d1.Precision != d2.Precision || d1.Scale != d2.Scale))
                {
                    throw new ValidationFailedException(
                        $"The column '{column}' is decimal({d1.Precision},{d1.Scale}) but the Delta table stores decimal({d2.Precision},{d2.Scale}); cast the column before writing.");
                }

                return new ArrayData(target, data.Length, data.NullCount, data.Offset, data.Buffers, data.Children, data.Dictionary);
        }
    }

    /// <summary>fixed_size_binary(n) as binary: the same value bytes, with offsets every n bytes (ids such as trace ids).</summary>
    private static ArrayData FixedToVariableBinary(ArrayData data, int width, IArrowType target)
    {
        var count = data.Offset + data.Length + 1;
        var offsets = new byte[checked(count * sizeof(int))];
        var view = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(offsets.AsSpan());
        for (var i = 0; i < count; i++)
        {
            view[i] = checked(i * width);
        }

        return new ArrayData(target, data.Length, data.NullCount, data.Offset, [data.Buffers[0], new ArrowBuffer(offsets), data.Buffers[1]]);
    }

    private static long Factor(TimeUnit unit) => unit switch
    {
        TimeUnit.Second => 1_000_000_000L,
        TimeUnit.Millisecond => 1_000_000L,
        TimeUnit.Microsecond => 1_000L,
        _ => 1L,
    };

    private static ArrayData ConvertTimestamps(ArrayData data, TimeUnit from, TimestampType to)
    {
        var source = new TimestampArray(data);
        var values = source.Values;
        var converted = new long[data.Length];
        long fromNs = Factor(from), toNs = Factor(to.Unit);
        for (var i = 0; i < converted.Length; i++)
        {
            var nanos = fromNs >= toNs ? values[i] * (fromNs / toNs) : FloorDiv(values[i], toNs / fromNs);
            converted[i] = nanos;
        }

        return new ArrayData(to, data.Length, data.NullCount, 0, [Validity(source), new ArrowBuffer(System.Runtime.InteropServices.MemoryMarshal.AsBytes(converted.AsSpan()).ToArray())]);
    }

    private static ArrayData ConvertDate64(ArrayData data)
    {
        var source = new Date64Array(data);
        var values = source.Values;
        var days = new int[data.Length];
        for (var i = 0; i < days.Length; i++)
        {
            days[i] = (int)FloorDiv(values[i], 86_400_000L);
        }

        return new ArrayData(Date32Type.Default, data.Length, data.NullCount, 0, [Validity(source), new ArrowBuffer(System.Runtime.InteropServices.MemoryMarshal.AsBytes(days.AsSpan()).ToArray())]);
    }

    private static long FloorDiv(long value, long divisor)
    {
        var q = value / divisor;
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? q - 1 : q;
    }

    private static ArrowBuffer Validity(IArrowArray array)
    {
        if (array.NullCount == 0)
        {
            return ArrowBuffer.Empty;
        }

        var builder = new ArrowBuffer.BitmapBuilder(array.Length);
        for (var i = 0; i < array.Length; i++)
        {
            builder.Append(array.IsValid(i));
        }

        return builder.Build();
    }
}
