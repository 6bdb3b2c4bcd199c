using Apache.Arrow;
using Orasi.Connectors.DeltaLake.Protocol;

namespace Orasi.Connectors.DeltaLake.Writing;

/// <summary>Splits a logical batch into one batch per distinct combination of partition values.</summary>
internal static class PartitionSplitter
{
    /// <summary>A group of rows sharing partition values (keyed by physical column name, serialized per the spec).</summary>
    public sealed record Group(string Key, IReadOnlyDictionary<string, string?> Values, RecordBatch Rows);

    /// <summary>Splits <paramref name="batch"/> (table logical schema) by <paramref name="partitionFields"/>.</summary>
    public static List<Group> Split(RecordBatch batch, IReadOnlyList<StructField> partitionFields, ColumnMappingMode mode)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (partitionFields.Count == 0)
        {
            return [new Group(string.Empty, EmptyMaps.StringToNullableString, batch)];
        }

        var arrays = partitionFields.Select(f => batch.Column(batch.Schema.GetFieldIndex(f.Name))).ToArray();
        var groups = new Dictionary<string, (string?[] Values, List<int> Rows)>(StringComparer.Ordinal);
        var order = new List<string>();
        var values = new string?[partitionFields.Count];
        List<int>? previous = null;
        for (var row = 0; row < batch.Length; row++)
        {
            // Rows usually come in runs of one partition (e.g. telemetry by event_date): skip encoding for repeats.
            if (previous is not null && SameAsPrevious(arrays, row))
            {
                previous.Add(row);
                continue;
            }

            for (var c = 0; c < arrays.Length; c++)
            {
                values[c] = PartitionValueCodec.Encode(ValueOf(arrays[c], row), partitionFields[c].Type);
                if (values[c] is { Length: 0 })
                {
                    values[c] = null;
                }
            }

            var key = string.Join('\u0001', values.Select(v => v is null ? "\u0000" : v));
            if (!groups.TryGetValue(key, out var group))
            {
                group = ((string?[])values.Clone(), []);
                groups[key] = group;
                order.Add(key);
            }

            group.Rows.Add(row);
            previous = group.Rows;
        }

        if (order.Count == 1)
        {
            // One partition: the batch as it is, without copying its rows.
            var (v, _) = groups[order[0]];
            var single = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var c = 0; c < partitionFields.Count; c++)
            {
                single[partitionFields[c].PhysicalNameFor(mode)] = v[c];
            }

            return [new Group(order[0], single, batch)];
        }

        return order.Select(key =>
        {
            var (v, rows) = groups[key];
            var map = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var c = 0; c < partitionFields.Count; c++)
            {
                map[partitionFields[c].PhysicalNameFor(mode)] = v[c];
            }

            return new Group(key, map, BatchRows.Take(batch, rows));
        }).ToList();
    }

    /// <summary>Whether every partition value of <paramref name="row"/> equals that of the row before (false when unsure).</summary>
    private static bool SameAsPrevious(IArrowArray[] arrays, int row)
    {
        foreach (var array in arrays)
        {
            var nullHere = array.IsNull(row);
            if (nullHere != array.IsNull(row - 1))
            {
                return false;
            }

            if (nullHere)
            {
                continue;
            }

            var same = array switch
            {
                Date32Array a => a.Values[row] == a.Values[row - 1],
                Int32Array a => a.Values[row] == a.Values[row - 1],
                Int64Array a => a.Values[row] == a.Values[row - 1],
                Int16Array a => a.Values[row] == a.Values[row - 1],
                Int8Array a => a.Values[row] == a.Values[row - 1],
                StringArray a => a.GetBytes(row).SequenceEqual(a.GetBytes(row - 1)),
                _ => false,
            };
            if (!same)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The .NET value <see cref="PartitionValueCodec.Encode"/> expects for one slot, or null.</summary>
    public static object? ValueOf(IArrowArray array, int index)
    {
        if (array.IsNull(index))
        {
            return null;
        }

        return array switch
        {
            StringArray a => a.GetString(index),
            Int8Array a => a.GetValue(index)!.Value,
            Int16Array a => a.GetValue(index)!.Value,
            Int32Array a => a.GetValue(index)!.Value,
            Int64Array a => a.GetValue(index)!.Value,
            FloatArray a => a.GetValue(index)!.Value,
            DoubleArray a => a.GetValue(index)!.Value,
            BooleanArray a => a.GetValue(index)!.Value,
            Date32Array a => a.GetDateOnly(index)!.Value,
            TimestampArray a => a.GetTimestamp(index)!.Value,
            Decimal128Array a => a.GetSqlDecimal(index)!.Value is var d && d.Precision <= 28 ? (object)d.Value : d,
            BinaryArray a => a.GetBytes(index).ToArray(),
            NullArray => null,
            _ => throw new UnsupportedFeatureException($"A partition column has the Arrow type {array.Data.DataType.Name}, which cannot be a Delta partition column; partition by a primitive column."),
        };
    }
}
