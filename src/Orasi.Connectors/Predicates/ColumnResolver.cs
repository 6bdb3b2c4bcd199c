using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Predicates;

/// <summary>Finds a column by name or dotted struct path in a batch or schema.</summary>
internal static class ColumnResolver
{
    /// <summary>The array of <paramref name="path"/> in <paramref name="batch"/> and, for struct fields, which rows are null because a parent struct is.</summary>
    /// <exception cref="ValidationFailedException">No such column.</exception>
    public static (IArrowArray Array, bool[]? AncestorNull) Resolve(RecordBatch batch, string path)
    {
        var fields = batch.Schema.FieldsList;
        for (var i = 0; i < fields.Count; i++)
        {
            if (string.Equals(fields[i].Name, path, StringComparison.Ordinal))
            {
                return (batch.Column(i), null);
            }
        }

        var parts = path.Split('.');
        for (var i = 0; i < fields.Count; i++)
        {
            if (parts.Length > 1 && string.Equals(fields[i].Name, parts[0], StringComparison.Ordinal) && batch.Column(i) is StructArray root)
            {
                bool[]? ancestorNull = null;
                IArrowArray current = root;
                for (var p = 1; p < parts.Length; p++)
                {
                    if (current is not StructArray parent)
                    {
                        break;
                    }

                    var type = (StructType)parent.Data.DataType;
                    var childIndex = type.GetFieldIndex(parts[p]);
                    if (childIndex < 0)
                    {
                        break;
                    }

                    if (parent.NullCount > 0)
                    {
                        ancestorNull ??= new bool[batch.Length];
                        for (var r = 0; r < batch.Length; r++)
                        {
                            ancestorNull[r] |= parent.IsNull(r);
                        }
                    }

                    current = parent.Fields[childIndex];
                    if (p == parts.Length - 1)
                    {
                        return (current, ancestorNull);
                    }
                }
            }
        }

        throw Missing(path, batch.Schema);
    }

    /// <summary>The Arrow type of <paramref name="path"/> in <paramref name="schema"/>.</summary>
    /// <exception cref="ValidationFailedException">No such column.</exception>
    public static IArrowType ResolveType(Schema schema, string path)
    {
        foreach (var field in schema.FieldsList)
        {
            if (string.Equals(field.Name, path, StringComparison.Ordinal))
            {
                return field.DataType;
            }
        }

        var parts = path.Split('.');
        foreach (var field in schema.FieldsList)
        {
            if (parts.Length < 2 || !string.Equals(field.Name, parts[0], StringComparison.Ordinal))
            {
                continue;
            }

            IArrowType current = field.DataType;
            for (var p = 1; p < parts.Length && current is StructType st; p++)
            {
                var index = st.GetFieldIndex(parts[p]);
                if (index < 0)
                {
                    break;
                }

                current = st.Fields[index].DataType;
                if (p == parts.Length - 1)
                {
                    return current;
                }
            }
        }

        throw Missing(path, schema);
    }

    private static ValidationFailedException Missing(string path, Schema schema) =>
        new($"Column '{path}' does not exist in the data; use one of: {string.Join(", ", schema.FieldsList.Select(f => f.Name))} (dotted paths reach struct fields).");
}
