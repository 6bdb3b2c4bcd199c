using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.DeltaLake.Transactions;

/// <summary>Builds the Arrow arrays of a checkpoint: nullable strings, numbers, booleans, string lists, string maps and structs.</summary>
internal static class CheckpointArrays
{
    /// <summary>The <c>map&lt;string,string&gt;</c> type of checkpoints.</summary>
    public static MapType StringMap { get; } = new(new Field("key", StringType.Default, false), new Field("value", StringType.Default, true));

    /// <summary>The <c>list&lt;string&gt;</c> type of checkpoints.</summary>
    public static ListType StringList { get; } = new(new Field("element", StringType.Default, true));

    /// <summary>A string column.</summary>
    public static IArrowArray Strings(IEnumerable<string?> values)
    {
        var builder = new StringArray.Builder();
        foreach (var v in values)
        {
            if (v is null)
            {
                builder.AppendNull();
            }
            else
            {
                builder.Append(v);
            }
        }

        return builder.Build();
    }

    /// <summary>A 64-bit integer column.</summary>
    public static IArrowArray Longs(IEnumerable<long?> values)
    {
        var builder = new Int64Array.Builder();
        foreach (var v in values)
        {
            builder.Append(v);
        }

        return builder.Build();
    }

    /// <summary>A 32-bit integer column.</summary>
    public static IArrowArray Ints(IEnumerable<int?> values)
    {
        var builder = new Int32Array.Builder();
        foreach (var v in values)
        {
            builder.Append(v);
        }

        return builder.Build();
    }

    /// <summary>A boolean column.</summary>
    public static IArrowArray Booleans(IEnumerable<bool?> values)
    {
        var builder = new BooleanArray.Builder();
        foreach (var v in values)
        {
            if (v is { } b)
            {
                builder.Append(b);
            }
            else
            {
                builder.AppendNull();
            }
        }

        return builder.Build();
    }

    /// <summary>A <c>list&lt;string&gt;</c> column.</summary>
    public static IArrowArray Lists(IReadOnlyList<IReadOnlyList<string>?> values)
    {
        var offsets = new int[values.Count + 1];
        var validity = new ArrowBuffer.BitmapBuilder(values.Count);
        var items = new List<string?>();
        var nulls = 0;
        for (var i = 0; i < values.Count; i++)
        {
            validity.Append(values[i] is not null);
            nulls += values[i] is null ? 1 : 0;
            items.AddRange(values[i] ?? []);
            offsets[i + 1] = items.Count;
        }

        var data = new ArrayData(StringList, values.Count, nulls, 0, [validity.Build(), Buffer(offsets)], [Strings(items).Data]);
        return ArrowArrayFactory.BuildArray(data);
    }

    /// <summary>A <c>map&lt;string,string&gt;</c> column.</summary>
    public static IArrowArray Maps(IReadOnlyList<IReadOnlyDictionary<string, string?>?> values)
    {
        var offsets = new int[values.Count + 1];
        var validity = new ArrowBuffer.BitmapBuilder(values.Count);
        var keys = new List<string?>();
        var items = new List<string?>();
        var nulls = 0;
        for (var i = 0; i < values.Count; i++)
        {
            validity.Append(values[i] is not null);
            nulls += values[i] is null ? 1 : 0;
            foreach (var (key, value) in values[i] ?? new Dictionary<string, string?>())
            {
                keys.Add(key);
                items.Add(value);
            }

            offsets[i + 1] = keys.Count;
        }

        var entries = new ArrayData(StringMap.KeyValueType, keys.Count, 0, 0, [ArrowBuffer.Empty], [Strings(keys).Data, Strings(items).Data]);
        var data = new ArrayData(StringMap, values.Count, nulls, 0, [validity.Build(), Buffer(offsets)], [entries]);
        return ArrowArrayFactory.BuildArray(data);
    }

    /// <summary>A struct column from named children; <paramref name="valid"/> says which rows are non-null.</summary>
    public static StructArray Struct(IReadOnlyList<(string Name, IArrowArray Array)> children, IReadOnlyList<bool> valid)
    {
        var type = new StructType(children.Select(c => new Field(c.Name, c.Array.Data.DataType, true)).ToList());
        var validity = new ArrowBuffer.BitmapBuilder(valid.Count);
        var nulls = 0;
        foreach (var v in valid)
        {
            validity.Append(v);
            nulls += v ? 0 : 1;
        }

        return new StructArray(type, valid.Count, children.Select(c => c.Array), validity.Build(), nulls);
    }

    private static ArrowBuffer Buffer(int[] offsets) => new(System.Runtime.InteropServices.MemoryMarshal.AsBytes(offsets.AsSpan()).ToArray());
}
