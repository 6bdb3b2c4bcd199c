using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.DeltaLake.Writing;

/// <summary>Builds arrays of a given type whose every slot is null (used for nullable columns missing from a batch).</summary>
internal static class NullArrays
{
    /// <summary>An all-null array of <paramref name="type"/> with <paramref name="length"/> slots.</summary>
    public static IArrowArray Create(IArrowType type, int length) => ArrowArrayFactory.BuildArray(Data(type, length));

    private static ArrayData Data(IArrowType type, int length)
    {
        var validity = new ArrowBuffer(new byte[(length + 7) / 8]);
        switch (type)
        {
            case NullType:
                return new ArrayData(type, length, length, 0, [ArrowBuffer.Empty]);
            case StringType or BinaryType:
                return new ArrayData(type, length, length, 0, [validity, new ArrowBuffer(new byte[(length + 1) * 4]), ArrowBuffer.Empty]);
            case ListType list:
                return new ArrayData(type, length, length, 0, [validity, new ArrowBuffer(new byte[(length + 1) * 4])], [Data(list.ValueDataType, 0)]);
            case MapType map:
                return new ArrayData(type, length, length, 0, [validity, new ArrowBuffer(new byte[(length + 1) * 4])], [Data(map.KeyValueType, 0)]);
            case StructType st:
                return new ArrayData(type, length, length, 0, [validity], st.Fields.Select(f => Data(f.DataType, length)).ToArray());
            case FixedWidthType fixedWidth:
                return new ArrayData(type, length, length, 0, [validity, new ArrowBuffer(new byte[((long)length * fixedWidth.BitWidth + 7) / 8])]);
            default:
                throw new UnsupportedFeatureException($"Cannot fill a missing column of Arrow type {type.Name} with nulls; include the column in the batch.");
        }
    }
}
