using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Operations;

/// <summary>
/// Schema evolution of top-level columns: add (optional, new field ids), rename, drop, reorder, widen
/// (int→long, float→double, decimal precision increase) and make optional. Data files are never rewritten:
/// readers match columns by field id.
/// </summary>
public sealed class SchemaUpdate
{
    private readonly List<NestedField> _fields;
    private readonly IcebergSchema _base;
    private readonly PartitionSpec _spec;
    private int _lastColumnId;
    private List<int> _identifierIds;

    internal SchemaUpdate(IcebergSchema schema, int lastColumnId, PartitionSpec defaultSpec)
    {
        _base = schema;
        _fields = schema.Fields.ToList();
        _lastColumnId = lastColumnId;
        _spec = defaultSpec;
        _identifierIds = schema.IdentifierFieldIds.ToList();
    }

    /// <summary>The last assigned column id after the changes.</summary>
    public int LastColumnId => _lastColumnId;

    /// <summary>Adds an optional top-level column of a primitive type with a new field id.</summary>
    /// <exception cref="ValidationFailedException">A column with that name exists or the type is not primitive.</exception>
    public SchemaUpdate AddColumn(string name, IcebergType type, string? doc = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(type);
        if (_fields.Any(f => f.Name == name)) throw new ValidationFailedException($"Column '{name}' already exists; choose another name.");
        if (!type.IsPrimitive) throw new ValidationFailedException($"Column '{name}': only primitive columns can be added so far.");
        _fields.Add(new NestedField(++_lastColumnId, name, false, type) { Doc = doc });
        return this;
    }

    /// <summary>Renames a column (its field id is kept, so old files still match).</summary>
    public SchemaUpdate RenameColumn(string name, string newName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(newName);
        var i = IndexOf(name);
        if (_fields.Any(f => f.Name == newName)) throw new ValidationFailedException($"Column '{newName}' already exists; choose another name.");
        _fields[i] = _fields[i] with { Name = newName };
        return this;
    }

    /// <summary>Drops a column (not an identifier or partition source column).</summary>
    public SchemaUpdate DeleteColumn(string name)
    {
        var i = IndexOf(name);
        var id = _fields[i].Id;
        if (_identifierIds.Contains(id)) throw new ValidationFailedException($"Column '{name}' is an identifier field and cannot be dropped.");
        if (_spec.Fields.Any(f => f.SourceId == id && f.Transform.Kind != TransformKind.Void))
        {
            throw new ValidationFailedException($"Column '{name}' is a partition source of the default spec; remove the partition field first.");
        }

        _fields.RemoveAt(i);
        return this;
    }

    /// <summary>Widens a column's type: int→long, float→double, decimal(P,S)→decimal(P',S) with P' ≥ P.</summary>
    public SchemaUpdate UpdateColumnType(string name, IcebergType newType)
    {
        ArgumentNullException.ThrowIfNull(newType);
        var i = IndexOf(name);
        var old = _fields[i].Type;
        var ok = (old, newType) switch
        {
            (PrimitiveType { Name: "int" }, PrimitiveType { Name: "long" }) => true,
            (PrimitiveType { Name: "float" }, PrimitiveType { Name: "double" }) => true,
            (DecimalType a, DecimalType b) => a.Scale == b.Scale && b.Precision >= a.Precision,
            _ => old.Equals(newType),
        };
        if (!ok) throw new ValidationFailedException($"Column '{name}' cannot change from {old} to {newType}; only int→long, float→double and decimal precision increases are allowed.");
        _fields[i] = _fields[i] with { Type = newType };
        return this;
    }

    /// <summary>Makes a required column optional.</summary>
    public SchemaUpdate MakeOptional(string name)
    {
        var i = IndexOf(name);
        if (_identifierIds.Contains(_fields[i].Id)) throw new ValidationFailedException($"Column '{name}' is an identifier field and must stay required.");
        _fields[i] = _fields[i] with { Required = false };
        return this;
    }

    /// <summary>Moves a column to the first position.</summary>
    public SchemaUpdate MoveFirst(string name)
    {
        var field = _fields[IndexOf(name)];
        _fields.Remove(field);
        _fields.Insert(0, field);
        return this;
    }

    /// <summary>Moves column <paramref name="name"/> to just before column <paramref name="before"/>.</summary>
    public SchemaUpdate MoveBefore(string name, string before) => Move(name, before, 0);

    /// <summary>Moves column <paramref name="name"/> to just after column <paramref name="after"/>.</summary>
    public SchemaUpdate MoveAfter(string name, string after) => Move(name, after, 1);

    /// <summary>
    /// Sets the schema's identifier fields (the row key used by upserts): required top-level primitive columns that are
    /// not float or double. An empty list clears them.
    /// </summary>
    /// <exception cref="ValidationFailedException">A column is missing, optional, not primitive, or a float/double.</exception>
    public SchemaUpdate SetIdentifierFields(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var ids = new List<int>();
        foreach (var name in names)
        {
            var f = _fields[IndexOf(name)];
            if (!f.Required) throw new ValidationFailedException($"Column '{name}' is optional; identifier fields must be required columns.");
            if (!f.Type.IsPrimitive || f.Type is PrimitiveType { Name: "float" or "double" })
            {
                throw new ValidationFailedException($"Column '{name}' has type {f.Type}; identifier fields must be primitive and not float or double.");
            }

            if (!ids.Contains(f.Id)) ids.Add(f.Id);
        }

        _identifierIds = ids;
        return this;
    }

    internal IcebergSchema Build() => new(_base.SchemaId + 1, _fields.ToList(), _identifierIds);

    private SchemaUpdate Move(string name, string reference, int offset)
    {
        var field = _fields[IndexOf(name)];
        if (name == reference) throw new ValidationFailedException($"Column '{name}' cannot be moved relative to itself.");
        IndexOf(reference);
        _fields.Remove(field);
        _fields.Insert(IndexOf(reference) + offset, field);
        return this;
    }

    private int IndexOf(string name)
    {
        var i = _fields.FindIndex(f => f.Name == name);
        return i >= 0 ? i : throw new ValidationFailedException($"Column '{name}' does not exist; available columns: {string.Join(", ", _fields.Select(f => f.Name))}.");
    }
}
