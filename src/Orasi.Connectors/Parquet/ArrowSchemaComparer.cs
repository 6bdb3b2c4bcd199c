using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Parquet;

/// <summary>Checks that a batch's schema matches a writer's schema, naming the first column that differs.</summary>
internal static class ArrowSchemaComparer
{
    /// <summary>Throws when <paramref name="actual"/> does not match <paramref name="expected"/>.</summary>
    /// <exception cref="ValidationFailedException">A column is missing, extra, renamed or of another type.</exception>
    public static void EnsureMatches(Schema expected, Schema actual, string target)
    {
        var e = expected.FieldsList;
        var a = actual.FieldsList;
        for (var i = 0; i < Math.Max(e.Count, a.Count); i++)
        {
            if (i >= a.Count)
            {
                throw new ValidationFailedException($"The batch written to {target} lacks column '{e[i].Name}' of the file's schema; every batch must have the writer's columns in order.");
            }

            if (i >= e.Count)
            {
                throw new ValidationFailedException($"The batch written to {target} has column '{a[i].Name}' that the file's schema lacks; every batch must have the writer's columns in order.");
            }

            if (!string.Equals(e[i].Name, a[i].Name, StringComparison.Ordinal))
            {
                throw new ValidationFailedException($"Column {i} of the batch written to {target} is '{a[i].Name}' but the file's schema has '{e[i].Name}' there; every batch must have the writer's columns in order.");
            }

            if (!SameType(e[i].DataType, a[i].DataType))
            {
                throw new ValidationFailedException($"Column '{e[i].Name}' of the batch written to {target} has type {Describe(a[i].DataType)} but the file's schema has {Describe(e[i].DataType)}; cast the column before writing.");
            }
        }
    }

    /// <summary>Structural equality of Arrow types (ignores field nullability and metadata).</summary>
    public static bool SameType(IArrowType x, IArrowType y)
    {
        if (x.TypeId != y.TypeId)
        {
            return false;
        }

        return (x, y) switch
        {
            (TimestampType a, TimestampType b) => a.Unit == b.Unit && string.Equals(a.Timezone ?? string.Empty, b.Timezone ?? string.Empty, StringComparison.Ordinal),
            (TimeType a, TimeType b) => a.Unit == b.Unit,
            (Decimal128Type a, Decimal128Type b) => a.Precision == b.Precision && a.Scale == b.Scale,
            (Decimal256Type a, Decimal256Type b) => a.Precision == b.Precision && a.Scale == b.Scale,
            (FixedSizeBinaryType a, FixedSizeBinaryType b) => a.ByteWidth == b.ByteWidth,
            (MapType a, MapType b) => SameType(a.KeyField.DataType, b.KeyField.DataType) && SameType(a.ValueField.DataType, b.ValueField.DataType),
            (ListType a, ListType b) => SameType(a.ValueDataType, b.ValueDataType),
            (LargeListType a, LargeListType b) => SameType(a.ValueDataType, b.ValueDataType),
            (FixedSizeListType a, FixedSizeListType b) => a.ListSize == b.ListSize && SameType(a.ValueDataType, b.ValueDataType),
            (StructType a, StructType b) => a.Fields.Count == b.Fields.Count && a.Fields.Zip(b.Fields).All(p =>
                string.Equals(p.First.Name, p.Second.Name, StringComparison.Ordinal) && SameType(p.First.DataType, p.Second.DataType)),
            (DictionaryType a, DictionaryType b) => SameType(a.IndexType, b.IndexType) && SameType(a.ValueType, b.ValueType),
            _ => true,
        };
    }

    /// <summary>A readable name of a type, with its parameters.</summary>
    public static string Describe(IArrowType type) => type switch
    {
        TimestampType t => $"timestamp[{t.Unit}{(string.IsNullOrEmpty(t.Timezone) ? string.Empty : ", " + t.Timezone)}]",
        Decimal128Type d => $"decimal128({d.Precision}, {d.Scale})",
        FixedSizeBinaryType f => $"fixed_size_binary[{f.ByteWidth}]",
        MapType m => $"map<{Describe(m.KeyField.DataType)}, {Describe(m.ValueField.DataType)}>",
        ListType l => $"list<{Describe(l.ValueDataType)}>",
        StructType s => $"struct<{string.Join(", ", s.Fields.Select(f => f.Name + ": " + Describe(f.DataType)))}>",
        _ => type.Name,
    };
}
