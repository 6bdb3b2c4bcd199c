using Apache.Arrow.Types;

namespace Orasi.Cli.Tables;

/// <summary>Short, readable names of Arrow types for <c>describe</c>: <c>timestamp[us, UTC]</c>, <c>map&lt;string, string&gt;</c>.</summary>
internal static class ArrowTypeNames
{
    public static string Describe(IArrowType type) => type switch
    {
        TimestampType t => t.Timezone is { Length: > 0 } tz ? $"timestamp[{Unit(t.Unit)}, {tz}]" : $"timestamp[{Unit(t.Unit)}]",
        Decimal128Type d => $"decimal({d.Precision}, {d.Scale})",
        Decimal256Type d => $"decimal256({d.Precision}, {d.Scale})",
        FixedSizeBinaryType f => $"fixed_size_binary({f.ByteWidth})",
        MapType m => $"map<{Describe(m.KeyField.DataType)}, {Describe(m.ValueField.DataType)}>",
        ListType l => $"list<{Describe(l.ValueDataType)}>",
        LargeListType l => $"large_list<{Describe(l.ValueDataType)}>",
        StructType s => $"struct<{string.Join(", ", s.Fields.Select(f => $"{f.Name}: {Describe(f.DataType)}"))}>",
        DictionaryType d => Describe(d.ValueType),
        _ => type.Name,
    };

    private static string Unit(TimeUnit unit) => unit switch
    {
        TimeUnit.Second => "s",
        TimeUnit.Millisecond => "ms",
        TimeUnit.Microsecond => "us",
        _ => "ns",
    };
}
