using Apache.Arrow;

namespace Orasi.Connectors.Telemetry.Columns;

/// <summary>Turns built column data into a record batch, checking that every column has the batch's length.</summary>
internal static class BatchAssembly
{
    /// <summary>Wraps the array data as typed arrays of <paramref name="schema"/>.</summary>
    public static RecordBatch Assemble(Schema schema, ArrayData[] data, int length)
    {
        var arrays = new IArrowArray[data.Length];
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i].Length != length)
            {
                throw new InvalidOperationException(
                    $"Column '{schema.FieldsList[i].Name}' has {data[i].Length} values but the batch has {length} rows; every row must append to every column.");
            }

            arrays[i] = ArrowArrayFactory.BuildArray(data[i]);
        }

        return new RecordBatch(schema, arrays, length);
    }
}
