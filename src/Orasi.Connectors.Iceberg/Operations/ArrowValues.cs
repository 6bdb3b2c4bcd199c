using Apache.Arrow;
using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Operations;

/// <summary>Reads one cell of an Arrow array as an Iceberg value (the representation <see cref="Transform"/> uses).</summary>
internal static class ArrowValues
{
    public static object? Get(IArrowArray array, int index, IcebergType type)
    {
        if (array.IsNull(index))
        {
            return null;
        }

        return array switch
        {
            BooleanArray a => a.GetValue(index)!.Value,
            Int32Array a => a.GetValue(index)!.Value,
            Int64Array a => a.GetValue(index)!.Value,
            Int16Array a => (int)a.GetValue(index)!.Value,
            Int8Array a => (int)a.GetValue(index)!.Value,
            FloatArray a => a.GetValue(index)!.Value,
            DoubleArray a => a.GetValue(index)!.Value,
            Date32Array a => a.GetValue(index)!.Value,
            TimestampArray a => a.Values[index],
            Time64Array a => a.GetValue(index)!.Value,
            StringArray a => a.GetString(index),
            Decimal128Array a => a.GetValue(index)!.Value,
            Apache.Arrow.Arrays.FixedSizeBinaryArray a when type is PrimitiveType { Name: "uuid" } => new Guid(a.GetBytes(index), bigEndian: true),
            Apache.Arrow.Arrays.FixedSizeBinaryArray a => a.GetBytes(index).ToArray(),
            BinaryArray a => a.GetBytes(index).ToArray(),
            _ => throw new UnsupportedFeatureException($"Partitioning by a column of Arrow type {array.Data.DataType.Name} is not supported; partition by a primitive column."),
        };
    }
}
