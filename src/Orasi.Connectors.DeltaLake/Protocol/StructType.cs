namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>A struct: the table schema itself or a nested struct column.</summary>
public sealed record StructType : DeltaDataType
{
    /// <summary>Creates a struct from its fields.</summary>
    /// <exception cref="ArgumentException">Two fields have the same name (ignoring case).</exception>
    public StructType(IReadOnlyList<StructField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in fields)
        {
            if (!seen.Add(field.Name))
            {
                throw new ArgumentException($"The struct has two fields named '{field.Name}' (names must be unique regardless of case).", nameof(fields));
            }
        }

        Fields = fields;
    }

    /// <summary>The fields in order.</summary>
    public IReadOnlyList<StructField> Fields { get; }

    /// <inheritdoc />
    public override string TypeName => "struct";

    /// <summary>The field named <paramref name="name"/> (exact match first, then case-insensitive), or null.</summary>
    public StructField? FindField(string name) =>
        Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal))
        ?? Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Structural equality over the fields.</summary>
    public bool Equals(StructType? other) => other is not null && Fields.SequenceEqual(other.Fields);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var field in Fields)
        {
            hash.Add(field);
        }

        return hash.ToHashCode();
    }
}
