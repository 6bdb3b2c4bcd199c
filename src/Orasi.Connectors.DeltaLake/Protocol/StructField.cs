using System.Text.Json;

namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>A named column of a struct with its type, nullability and metadata.</summary>
public sealed record StructField
{
    /// <summary>Metadata key of the column mapping id.</summary>
    public const string ColumnMappingIdKey = "delta.columnMapping.id";

    /// <summary>Metadata key of the column mapping physical name.</summary>
    public const string PhysicalNameKey = "delta.columnMapping.physicalName";

    private static readonly IReadOnlyDictionary<string, JsonElement> NoMetadata = new Dictionary<string, JsonElement>();

    /// <summary>Creates a field.</summary>
    public StructField(string name, DeltaDataType type, bool nullable = true, IReadOnlyDictionary<string, JsonElement>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(type);
        Name = name;
        Type = type;
        Nullable = nullable;
        Metadata = metadata ?? NoMetadata;
    }

    /// <summary>The display (logical) name.</summary>
    public string Name { get; init; }

    /// <summary>The field's type.</summary>
    public DeltaDataType Type { get; init; }

    /// <summary>Whether values may be null.</summary>
    public bool Nullable { get; init; }

    /// <summary>Column metadata as raw JSON values, in the order read (column mapping, invariants, generation expressions…).</summary>
    public IReadOnlyDictionary<string, JsonElement> Metadata { get; init; }

    /// <summary>The column mapping id (<c>delta.columnMapping.id</c>), or null.</summary>
    public int? ColumnMappingId =>
        Metadata.TryGetValue(ColumnMappingIdKey, out var id) && id.ValueKind == JsonValueKind.Number && id.TryGetInt32(out var value) ? value : null;

    /// <summary>The physical name (<c>delta.columnMapping.physicalName</c>), or null.</summary>
    public string? PhysicalName =>
        Metadata.TryGetValue(PhysicalNameKey, out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;

    /// <summary>The name data files use for this column under <paramref name="mode"/>.</summary>
    /// <exception cref="CorruptDataException">Column mapping is on but the field has no physical name.</exception>
    public string PhysicalNameFor(ColumnMappingMode mode)
    {
        if (mode == ColumnMappingMode.None)
        {
            return Name;
        }

        return PhysicalName ?? throw new CorruptDataException(
            $"The column '{Name}' has no {PhysicalNameKey} metadata although the table uses column mapping mode '{ColumnMappingModes.ToName(mode)}'.");
    }

    /// <summary>Equality by name, type, nullability and the JSON text of the metadata.</summary>
    public bool Equals(StructField? other) =>
        other is not null && Name == other.Name && Type.Equals(other.Type) && Nullable == other.Nullable
        && Metadata.Count == other.Metadata.Count
        && Metadata.All(kv => other.Metadata.TryGetValue(kv.Key, out var v) && v.GetRawText() == kv.Value.GetRawText());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Type, Nullable, Metadata.Count);
}
