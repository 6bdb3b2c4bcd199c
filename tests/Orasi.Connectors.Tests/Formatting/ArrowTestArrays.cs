using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Tests.Formatting;

/// <summary>Builds Arrow arrays from raw values (including nulls) for the formatting tests.</summary>
internal static class ArrowTestArrays
{
    public static IArrowArray Primitive<T>(IArrowType type, params T?[] values)
        where T : struct
    {
        var valueBuffer = new ArrowBuffer.Builder<T>();
        var validity = new ArrowBuffer.BitmapBuilder();
        int nulls = 0;
        foreach (T? v in values)
        {
            valueBuffer.Append(v ?? default);
            validity.Append(v.HasValue);
            nulls += v.HasValue ? 0 : 1;
        }

        var data = new ArrayData(type, values.Length, nulls, 0, [validity.Build(), valueBuffer.Build()]);
        return ArrowArrayFactory.BuildArray(data);
    }

    public static ArrowBuffer Validity(params bool[] valid)
    {
        var b = new ArrowBuffer.BitmapBuilder();
        foreach (bool v in valid)
        {
            b.Append(v);
        }

        return b.Build();
    }

    public static StringArray Strings(params string?[] values)
    {
        var b = new StringArray.Builder();
        foreach (string? v in values)
        {
            if (v is null)
            {
                b.AppendNull();
            }
            else
            {
                b.Append(v);
            }
        }

        return b.Build();
    }

    public static RecordBatch Batch(params (string Name, IArrowArray Array)[] columns)
    {
        var schema = new Schema(columns.Select(c => new Field(c.Name, c.Array.Data.DataType, nullable: true)), null);
        return new RecordBatch(schema, columns.Select(c => c.Array), columns[0].Array.Length);
    }

    public static long Micros(string iso) =>
        (DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.UnixEpoch).Ticks / 10;
}
