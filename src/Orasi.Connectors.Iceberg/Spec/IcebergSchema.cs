using Apache.Arrow;
using Apache.Arrow.Types;
using ArrowField = Apache.Arrow.Field;

namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>A table schema: a struct of fields with ids, plus the schema id and identifier fields.</summary>
public sealed class IcebergSchema
{
    /// <summary>The Arrow field-metadata key that carries an Iceberg field id (as Parquet writers and readers use it).</summary>
    public const string FieldIdMetadataKey = "PARQUET:field_id";

    private readonly Dictionary<int, NestedField> _byId = new();
    private readonly Dictionary<int, string> _pathById = new();

    /// <summary>Creates a schema.</summary>
    /// <param name="schemaId">The schema id.</param>
    /// <param name="fields">The top-level fields.</param>
    /// <param name="identifierFieldIds">Ids of the fields that identify a row, if any.</param>
    public IcebergSchema(int schemaId, IReadOnlyList<NestedField> fields, IReadOnlyList<int>? identifierFieldIds = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        SchemaId = schemaId;
        Fields = fields;
        IdentifierFieldIds = identifierFieldIds ?? System.Array.Empty<int>();
        foreach (var f in fields)
        {
            Index(f, f.Name);
        }
    }

    /// <summary>The schema id.</summary>
    public int SchemaId { get; }

    /// <summary>The top-level fields in order.</summary>
    public IReadOnlyList<NestedField> Fields { get; }

    /// <summary>Ids of the identifier (row key) fields.</summary>
    public IReadOnlyList<int> IdentifierFieldIds { get; }

    /// <summary>The schema as a struct type.</summary>
    public StructType AsStruct() => new(Fields);

    /// <summary>The highest field id used anywhere in the schema (0 when empty).</summary>
    public int HighestFieldId => _byId.Count == 0 ? 0 : _byId.Keys.Max();

    /// <summary>The field (at any depth, including list elements and map keys/values) with this id, or null.</summary>
    public NestedField? FindField(int id) => _byId.GetValueOrDefault(id);

    /// <summary>The dotted name of the field with this id (e.g. <c>location.lat</c>), or null.</summary>
    public string? FindColumnName(int id) => _pathById.GetValueOrDefault(id);

    /// <summary>The top-level field named <paramref name="name"/> (exact match first, then case-insensitive), or null.</summary>
    public NestedField? FindTopLevelField(string name) =>
        Fields.FirstOrDefault(f => f.Name == name) ?? Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Converts the schema to an Arrow schema; every field carries its id under <see cref="FieldIdMetadataKey"/>.</summary>
    /// <exception cref="UnsupportedFeatureException">A type has no Arrow mapping (variant, geometry, geography).</exception>
    public Schema ToArrowSchema()
    {
        var builder = new Schema.Builder();
        foreach (var f in Fields)
        {
            builder.Field(ToArrowField(f));
        }

        return builder.Build();
    }

    /// <summary>Converts one field to an Arrow field with its id in the metadata.</summary>
    public static ArrowField ToArrowField(NestedField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return new ArrowField(field.Name, ToArrowType(field.Type), !field.Required, IdMetadata(field.Id));
    }

    /// <summary>Converts an Iceberg type to the Arrow type readers produce for it.</summary>
    /// <exception cref="UnsupportedFeatureException">The type has no Arrow mapping.</exception>
    public static IArrowType ToArrowType(IcebergType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        switch (type)
        {
            case DecimalType d:
                return new Decimal128Type(d.Precision, d.Scale);
            case FixedType f:
                return new FixedSizeBinaryType(f.Length);
            case StructType s:
                return new Apache.Arrow.Types.StructType(s.Fields.Select(ToArrowField).ToList());
            case ListType l:
                return new Apache.Arrow.Types.ListType(new ArrowField("element", ToArrowType(l.Element), !l.ElementRequired, IdMetadata(l.ElementId)));
            case MapType m:
                return new Apache.Arrow.Types.MapType(
                    new ArrowField("key", ToArrowType(m.Key), false, IdMetadata(m.KeyId)),
                    new ArrowField("value", ToArrowType(m.Value), !m.ValueRequired, IdMetadata(m.ValueId)));
            case PrimitiveType p:
                return p.Name switch
                {
                    "boolean" => BooleanType.Default,
                    "int" => Int32Type.Default,
                    "long" => Int64Type.Default,
                    "float" => FloatType.Default,
                    "double" => DoubleType.Default,
                    "date" => Date32Type.Default,
                    "time" => new Time64Type(TimeUnit.Microsecond),
                    "timestamp" => new TimestampType(TimeUnit.Microsecond, (string?)null),
                    "timestamptz" => new TimestampType(TimeUnit.Microsecond, "UTC"),
                    "timestamp_ns" => new TimestampType(TimeUnit.Nanosecond, (string?)null),
                    "timestamptz_ns" => new TimestampType(TimeUnit.Nanosecond, "UTC"),
                    "string" => StringType.Default,
                    "uuid" => new FixedSizeBinaryType(16),
                    "binary" => BinaryType.Default,
                    "unknown" => NullType.Default,
                    _ => throw new UnsupportedFeatureException($"Iceberg type '{p.Name}' cannot be read into Arrow yet; project the columns of other types."),
                };
            default:
                throw new UnsupportedFeatureException($"Iceberg type '{type}' cannot be converted to Arrow.");
        }
    }

    private static Dictionary<string, string> IdMetadata(int id) =>
        new() { [FieldIdMetadataKey] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    private void Index(NestedField field, string path)
    {
        _byId[field.Id] = field;
        _pathById[field.Id] = path;
        switch (field.Type)
        {
            case StructType s:
                foreach (var c in s.Fields) Index(c, path + "." + c.Name);
                break;
            case ListType l:
                Index(new NestedField(l.ElementId, "element", l.ElementRequired, l.Element), path + ".element");
                break;
            case MapType m:
                Index(new NestedField(m.KeyId, "key", true, m.Key), path + ".key");
                Index(new NestedField(m.ValueId, "value", m.ValueRequired, m.Value), path + ".value");
                break;
        }
    }
}
