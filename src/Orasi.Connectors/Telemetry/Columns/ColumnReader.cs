using System.Diagnostics;
using Apache.Arrow;
using Apache.Arrow.Arrays;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Telemetry.Columns;

/// <summary>Typed access to the columns of a telemetry batch, with clear errors when a batch does not match the schema.</summary>
internal static class ColumnReader
{
    /// <summary>The column named <paramref name="name"/> as <typeparamref name="T"/>.</summary>
    /// <exception cref="ValidationFailedException">The column is missing or of another type.</exception>
    public static T Column<T>(RecordBatch batch, string name, TelemetryKind kind)
        where T : class, IArrowArray
    {
        int index = batch.Schema.GetFieldIndex(name, StringComparer.Ordinal);
        if (index < 0)
        {
            throw new ValidationFailedException(
                $"The batch has no '{name}' column; read only batches of TelemetrySchemas.{kind} (or projections that keep this column).");
        }

        return batch.Column(index) as T ?? throw new ValidationFailedException(
            $"Column '{name}' is {batch.Schema.FieldsList[index].DataType.Name}, not the type of TelemetrySchemas.{kind}; convert the batch to the telemetry schema first.");
    }

    /// <summary>The multiplier from a timestamp column's unit to nanoseconds.</summary>
    public static long NanosPerUnit(TimestampArray array) => ((TimestampType)array.Data.DataType).Unit switch
    {
        TimeUnit.Second => 1_000_000_000L,
        TimeUnit.Millisecond => 1_000_000L,
        TimeUnit.Microsecond => 1_000L,
        _ => 1L,
    };

    /// <summary>The raw value of a timestamp column in nanoseconds (any unit is scaled).</summary>
    public static long Nanos(TimestampArray array, int index, long nanosPerUnit) => array.Values[index] * nanosPerUnit;

    /// <summary>The string at <paramref name="index"/>, or empty when null.</summary>
    public static string String(StringArray array, int index) => array.GetString(index) ?? string.Empty;

    /// <summary>The trace id at <paramref name="index"/>, or null.</summary>
    public static ActivityTraceId? TraceId(FixedSizeBinaryArray array, int index) =>
        array.IsNull(index) ? null : ActivityTraceId.CreateFromBytes(array.GetBytes(index));

    /// <summary>The span id at <paramref name="index"/>, or null.</summary>
    public static ActivitySpanId? SpanId(FixedSizeBinaryArray array, int index) =>
        array.IsNull(index) ? null : ActivitySpanId.CreateFromBytes(array.GetBytes(index));

    /// <summary>The entries of the map at <paramref name="index"/> in order (empty when null).</summary>
    public static KeyValuePair<string, string>[] Map(MapArray array, int index)
    {
        if (array.IsNull(index))
        {
            return [];
        }

        int start = array.ValueOffsets[index];
        int length = array.GetValueLength(index);
        if (length == 0)
        {
            return [];
        }

        var entries = array.KeyValues;
        var keys = (StringArray)entries.Fields[0];
        var values = (StringArray)entries.Fields[1];
        int baseIndex = entries.Offset + start;
        var result = new KeyValuePair<string, string>[length];
        for (int i = 0; i < length; i++)
        {
            result[i] = new KeyValuePair<string, string>(String(keys, baseIndex + i), String(values, baseIndex + i));
        }

        return result;
    }
}
