using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.DeltaLake.Scan;

/// <summary>Builds all-null arrays of any Arrow type, for columns a data file does not have.</summary>
internal static class NullArrays
{
    /// <summary>An array of <paramref name="length"/> nulls of <paramref name="type"/>.</summary>
    public static IArrowArray Create(IArrowType type, int length) => ArrowArrayFactory.BuildArray(Data(type, length));

    private static ArrayData Data(IArrowType type, int length)
    {
        if (type is NullType)
        {
            return new ArrayData(type, length, length, 0, [ArrowBuffer.Empty]);
        }

        var validity = new ArrowBuffer(new byte[(length + 7) / 8]);
        switch (type)
        {
            case ListType list:
                return new ArrayData(type, length, length, 0, [validity, Zeros((length + 1) * 4)], [Data(list.ValueDataType, 0)]);
            case MapType map:
                return new ArrayData(type, length, length, 0, [validity, Zeros((length + 1) * 4)], [Data(map.KeyValueType, 0)]);
            case StructType st:
                return new ArrayData(type, length, length, 0, [validity], st.Fields.Select(f => Data(f.DataType, length)));
            case StringType or BinaryType:
                return new ArrayData(type, length, length, 0, [validity, Zeros((length + 1) * 4), ArrowBuffer.Empty]);
            case BooleanType:
                return new ArrayData(type, length, length, 0, [validity, Zeros((length + 7) / 8)]);
            case FixedWidthType fixedWidth:
                return new ArrayData(type, length, length, 0, [validity, Zeros((length * fixedWidth.BitWidth + 7) / 8)]);
            default:
                throw new UnsupportedFeatureException($"Cannot build a null column of Arrow type {type.Name}.");
        }
    }

    private static ArrowBuffer Zeros(int bytes) => new(new byte[Math.Max(bytes, 0)]);
}
