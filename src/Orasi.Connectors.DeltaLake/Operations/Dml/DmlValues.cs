using System.Globalization;
using System.Text;
using Apache.Arrow;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.DeltaLake.Scan;

namespace Orasi.Connectors.DeltaLake.Operations.Dml;

/// <summary>Value conversions and row helpers shared by UPDATE and MERGE.</summary>
internal static class DmlValues
{
    /// <summary>
    /// Converts a literal or a normalized Arrow value (see <see cref="ArrowValues"/>) to the .NET type
    /// <see cref="PartitionValueCodec.BuildArray"/> expects for <paramref name="type"/>.
    /// </summary>
    /// <exception cref="ValidationFailedException">The value does not fit the type.</exception>
    public static object? Convert(object? value, DeltaDataType type, string column)
    {
        if (value is null)
        {
            return null;
        }

        var inv = CultureInfo.InvariantCulture;
        try
        {
            if (value is string text && !(type is DeltaPrimitiveType { Name: "string" }))
            {
                return PartitionValueCodec.Decode(text, type, column);
            }

            if (type is DeltaDecimalType)
            {
                return value is System.Data.SqlTypes.SqlDecimal ? value : System.Convert.ToDecimal(value, inv);
            }

            var name = (type as DeltaPrimitiveType)?.Name
                ?? throw new ValidationFailedException($"A {value.GetType().Name} value cannot be assigned to the nested column '{column}'.");
            return name switch
            {
                "string" => value is byte[] b ? Encoding.UTF8.GetString(b) : value as string ?? System.Convert.ToString(value, inv),
                "byte" => System.Convert.ToSByte(value, inv),
                "short" => System.Convert.ToInt16(value, inv),
                "integer" => System.Convert.ToInt32(value, inv),
                "long" => System.Convert.ToInt64(value, inv),
                "float" => System.Convert.ToSingle(value, inv),
                "double" => System.Convert.ToDouble(value, inv),
                "boolean" => (bool)value,
                "binary" => (byte[])value,
                "date" => value switch
                {
                    DateOnly d => d,
                    DateTime t => DateOnly.FromDateTime(t),
                    DateTimeOffset o => DateOnly.FromDateTime(o.UtcDateTime),
                    _ => throw new InvalidCastException(),
                },
                "timestamp" => value switch
                {
                    TimestampMicros m => DateTimeOffset.UnixEpoch.AddTicks(m.Value * 10),
                    DateTimeOffset o => o,
                    DateTime t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)),
                    DateOnly d => new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                    _ => throw new InvalidCastException(),
                },
                "timestamp_ntz" => value switch
                {
                    TimestampMicros m => DateTime.SpecifyKind(DateTime.UnixEpoch.AddTicks(m.Value * 10), DateTimeKind.Unspecified),
                    DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Unspecified),
                    DateTimeOffset o => DateTime.SpecifyKind(o.DateTime, DateTimeKind.Unspecified),
                    _ => throw new InvalidCastException(),
                },
                _ => throw new InvalidCastException(),
            };
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or InvalidCastException or CorruptDataException or UnsupportedFeatureException)
        {
            throw new ValidationFailedException($"The value {value} ({value.GetType().Name}) cannot be assigned to the column '{column}' of type {type.TypeName}; give a value of that type.", ex);
        }
    }

    /// <summary>Concatenates batches of one schema into one batch (an empty batch of <paramref name="schema"/> when there are none).</summary>
    public static RecordBatch Concat(IReadOnlyList<RecordBatch> batches, Schema schema)
    {
        if (batches.Count == 1)
        {
            return batches[0];
        }

        var length = batches.Sum(b => b.Length);
        var columns = new IArrowArray[schema.FieldsList.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = batches.Count == 0
                ? Writing.NullArrays.Create(schema.FieldsList[c].DataType, 0)
                : ArrowArrayConcatenator.Concatenate(batches.Select(b => b.Column(c)).ToList());
        }

        return new RecordBatch(schema, columns, length);
    }

    /// <summary>A batch with the columns of <paramref name="batch"/> renamed to <c>prefix.name</c>.</summary>
    public static RecordBatch Prefixed(RecordBatch batch, string prefix)
    {
        var fields = batch.Schema.FieldsList.Select(f => new Field(prefix + "." + f.Name, f.DataType, f.IsNullable));
        return new RecordBatch(new Schema(fields, null), Enumerable.Range(0, batch.ColumnCount).Select(batch.Column), batch.Length);
    }

    /// <summary>Two batches of equal length side by side.</summary>
    public static RecordBatch Zip(RecordBatch left, RecordBatch right)
    {
        var fields = left.Schema.FieldsList.Concat(right.Schema.FieldsList);
        var columns = Enumerable.Range(0, left.ColumnCount).Select(left.Column).Concat(Enumerable.Range(0, right.ColumnCount).Select(right.Column));
        return new RecordBatch(new Schema(fields, null), columns, left.Length);
    }

    /// <summary>The rows where <paramref name="condition"/> is true (all rows when it is null).</summary>
    public static bool[] Holds(Predicates.Predicate? condition, RecordBatch view)
    {
        if (condition is null)
        {
            return Enumerable.Repeat(true, view.Length).ToArray();
        }

        return condition.Evaluate(view).Select(v => v == true).ToArray();
    }
}
