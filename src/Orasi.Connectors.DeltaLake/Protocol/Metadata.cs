namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>The <c>metaData</c> action: table id, schema, partitioning and configuration. The latest one wins.</summary>
public sealed record Metadata : DeltaAction
{
    /// <inheritdoc />
    public override string ActionName => "metaData";

    /// <summary>Unique identifier of the table (a GUID string).</summary>
    public required string Id { get; init; }

    /// <summary>User-provided name, or null.</summary>
    public string? Name { get; init; }

    /// <summary>User-provided description, or null.</summary>
    public string? Description { get; init; }

    /// <summary>Encoding of the data files; <c>parquet</c> in practice.</summary>
    public DeltaFormat Format { get; init; } = DeltaFormat.Parquet;

    /// <summary>The table schema in Delta's JSON schema format (empty when the action had none); parse with <see cref="ParseSchema"/>.</summary>
    public required string SchemaString { get; init; }

    /// <summary>Names of the partition columns, in order.</summary>
    public IReadOnlyList<string> PartitionColumns { get; init; } = [];

    /// <summary>Table properties such as <c>delta.columnMapping.mode</c>.</summary>
    public IReadOnlyDictionary<string, string> Configuration { get; init; } = EmptyMaps.StringToString;

    /// <summary>When this metadata was created, in milliseconds since the Unix epoch, or null.</summary>
    public long? CreatedTime { get; init; }

    /// <summary>Parses <see cref="SchemaString"/>.</summary>
    /// <exception cref="CorruptDataException">The action has no schema, or the schema is invalid.</exception>
    public StructType ParseSchema() => SchemaString.Length == 0
        ? throw new CorruptDataException($"The metaData action of the Delta table with id '{Id}' has no schemaString, so its schema is unknown; the log is corrupt.")
        : DeltaSchema.Parse(SchemaString);

    /// <summary>The column mapping mode from <c>delta.columnMapping.mode</c> (none when absent).</summary>
    public ColumnMappingMode ColumnMappingMode =>
        Configuration.TryGetValue("delta.columnMapping.mode", out var mode) ? ColumnMappingModes.Parse(mode) : ColumnMappingMode.None;
}
