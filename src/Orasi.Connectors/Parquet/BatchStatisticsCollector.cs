using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.Predicates;

namespace Orasi.Connectors.Parquet;

/// <summary>
/// Walks batches of one schema down to their leaves and feeds a <see cref="ColumnStatisticsCollector"/> per leaf,
/// using Parquet's leaf paths (<c>s.a</c> for struct fields, <c>l.list.element</c> for lists,
/// <c>m.key_value.key</c> / <c>m.key_value.value</c> for maps).
/// </summary>
internal sealed class BatchStatisticsCollector
{
    private readonly Node[] _roots;
    private readonly List<ColumnStatisticsCollector> _leaves = [];

    /// <summary>Creates collectors for every leaf of <paramref name="schema"/>.</summary>
    public BatchStatisticsCollector(Schema schema)
    {
        _roots = schema.FieldsList.Select(f => Build(f.Name, f.DataType)).ToArray();
    }

    /// <summary>Adds every row of <paramref name="batch"/>.</summary>
    public void Add(RecordBatch batch)
    {
        for (var c = 0; c < _roots.Length; c++)
        {
            Visit(_roots[c], batch.Column(c), IndexSelection.Range(0, batch.Length));
        }
    }

    /// <summary>The statistics of every leaf, in schema order.</summary>
    public IReadOnlyList<ColumnStatistics> ToStatistics() => _leaves.Select(l => l.ToStatistics()).ToArray();

    private Node Build(string path, IArrowType type)
    {
        switch (type)
        {
            case MapType map:
                var entries = new Node(path + ".key_value", map.KeyValueType, null,
                [
                    Build(path + ".key_value." + map.KeyField.Name, map.KeyField.DataType),
                    Build(path + ".key_value." + map.ValueField.Name, map.ValueField.DataType),
                ]);
                return new Node(path, type, null, [entries]);
            case ListType list:
                return new Node(path, type, null, [Build(path + ".list.element", list.ValueDataType)]);
            case LargeListType list:
                return new Node(path, type, null, [Build(path + ".list.element", list.ValueDataType)]);
            case StructType st:
                return new Node(path, type, null, st.Fields.Select(f => Build(path + "." + f.Name, f.DataType)).ToArray());
            default:
                var leaf = CreateLeaf(path, type);
                _leaves.Add(leaf);
                return new Node(path, type, leaf, []);
        }
    }

    private static ColumnStatisticsCollector CreateLeaf(string path, IArrowType type) => type.TypeId switch
    {
        ArrowTypeId.Boolean => new BooleanStatisticsCollector(path, type),
        ArrowTypeId.Int8 => new NumericStatisticsCollector<sbyte>(path, type, v => (long)v),
        ArrowTypeId.Int16 => new NumericStatisticsCollector<short>(path, type, v => (long)v),
        ArrowTypeId.Int32 => new NumericStatisticsCollector<int>(path, type, v => (long)v),
        ArrowTypeId.Int64 => new NumericStatisticsCollector<long>(path, type, v => v),
        ArrowTypeId.UInt8 => new NumericStatisticsCollector<byte>(path, type, v => (long)v),
        ArrowTypeId.UInt16 => new NumericStatisticsCollector<ushort>(path, type, v => (long)v),
        ArrowTypeId.UInt32 => new NumericStatisticsCollector<uint>(path, type, v => (long)v),
        ArrowTypeId.UInt64 => new NumericStatisticsCollector<ulong>(path, type, v => v),
        ArrowTypeId.HalfFloat => new NumericStatisticsCollector<Half>(path, type, v => (double)v),
        ArrowTypeId.Float => new NumericStatisticsCollector<float>(path, type, v => (double)v),
        ArrowTypeId.Double => new NumericStatisticsCollector<double>(path, type, v => v),
        ArrowTypeId.Date32 => new NumericStatisticsCollector<int>(path, type, v => DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + v)),
        ArrowTypeId.Date64 => new NumericStatisticsCollector<long>(path, type, v => DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + (int)Math.Floor(v / 86_400_000d))),
        ArrowTypeId.Timestamp => new NumericStatisticsCollector<long>(path, type, v => v),
        ArrowTypeId.Time32 => new NumericStatisticsCollector<int>(path, type, v => (long)v),
        ArrowTypeId.Time64 => new NumericStatisticsCollector<long>(path, type, v => v),
        ArrowTypeId.String or ArrowTypeId.LargeString => new BinaryStatisticsCollector(path, type, isString: true),
        ArrowTypeId.Binary or ArrowTypeId.LargeBinary or ArrowTypeId.FixedSizedBinary => new BinaryStatisticsCollector(path, type, isString: false),
        ArrowTypeId.Decimal128 => new DecimalStatisticsCollector(path, type),
        _ => new CountOnlyStatisticsCollector(path, type),
    };

    private static void AddAncestorNulls(Node node, long count)
    {
        if (count == 0)
        {
            return;
        }

        if (node.Leaf is not null)
        {
            node.Leaf.AddAncestorNulls(count);
            return;
        }

        foreach (var child in node.Children)
        {
            AddAncestorNulls(child, count);
        }
    }

    private static void Visit(Node node, IArrowArray array, IndexSelection selection)
    {
        if (node.Leaf is not null)
        {
            node.Leaf.Add(array, selection);
            return;
        }

        switch (array)
        {
            case StructArray st:
            {
                var kept = KeepNonNull(st, selection, out var nulls);
                AddAncestorNulls(node, nulls);
                for (var i = 0; i < node.Children.Length; i++)
                {
                    Visit(node.Children[i], st.Fields[i], kept);
                }

                break;
            }

            case ListArray list:
                VisitList(node, list.ValueOffsets, list, list.Values, selection);
                break;
            case LargeListArray list:
            {
                var offsets = list.ValueOffsets;
                var narrowed = new int[offsets.Length];
                for (var i = 0; i < offsets.Length; i++)
                {
                    narrowed[i] = checked((int)offsets[i]);
                }

                VisitList(node, narrowed, list, list.Values, selection);
                break;
            }

            default:
                throw new UnsupportedFeatureException($"Column '{node.Path}' has an array of type {array.Data.DataType.Name} the statistics collector does not support.");
        }
    }

    private static void VisitList(Node node, ReadOnlySpan<int> offsets, IArrowArray list, IArrowArray values, IndexSelection selection)
    {
        long emptyOrNull = 0;
        var total = 0;
        for (var i = 0; i < selection.Count; i++)
        {
            var index = selection[i];
            var length = offsets[index + 1] - offsets[index];
            if (list.IsNull(index) || length == 0)
            {
                emptyOrNull++;
            }
            else
            {
                total += length;
            }
        }

        AddAncestorNulls(node, emptyOrNull);
        IndexSelection childSelection;
        if (selection.IsContiguous && emptyOrNull == 0)
        {
            childSelection = IndexSelection.Range(offsets[selection.Start], total);
        }
        else
        {
            var indices = new int[total];
            var n = 0;
            for (var i = 0; i < selection.Count; i++)
            {
                var index = selection[i];
                if (list.IsNull(index))
                {
                    continue;
                }

                for (var v = offsets[index]; v < offsets[index + 1]; v++)
                {
                    indices[n++] = v;
                }
            }

            childSelection = IndexSelection.Of(indices, n);
        }

        Visit(node.Children[0], values, childSelection);
    }

    private static IndexSelection KeepNonNull(IArrowArray array, IndexSelection selection, out long nulls)
    {
        nulls = 0;
        if (array.NullCount == 0)
        {
            return selection;
        }

        var kept = new int[selection.Count];
        var n = 0;
        for (var i = 0; i < selection.Count; i++)
        {
            var index = selection[i];
            if (array.IsNull(index))
            {
                nulls++;
            }
            else
            {
                kept[n++] = index;
            }
        }

        return IndexSelection.Of(kept, n);
    }

    private sealed record Node(string Path, IArrowType Type, ColumnStatisticsCollector? Leaf, Node[] Children);
}
