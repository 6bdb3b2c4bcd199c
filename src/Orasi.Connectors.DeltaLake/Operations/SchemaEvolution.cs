using System.Globalization;
using System.Text.Json;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.DeltaLake.Writing;

namespace Orasi.Connectors.DeltaLake.Operations;

/// <summary>Column mapping metadata assignment and schema merging for writes.</summary>
internal static class SchemaEvolution
{
    /// <summary>The table property holding the highest column mapping id in use.</summary>
    public const string MaxColumnIdKey = "delta.columnMapping.maxColumnId";

    /// <summary>
    /// Gives every field without column mapping metadata an id and a physical name (<c>col-&lt;uuid&gt;</c>) when
    /// the mode is on, updating <c>delta.columnMapping.maxColumnId</c> in <paramref name="configuration"/>.
    /// </summary>
    public static StructType AssignColumnMapping(StructType schema, Dictionary<string, string> configuration)
    {
        if (!configuration.TryGetValue("delta.columnMapping.mode", out var mode) || ColumnMappingModes.Parse(mode) == ColumnMappingMode.None)
        {
            return schema;
        }

        var next = configuration.TryGetValue(MaxColumnIdKey, out var max) ? long.Parse(max, CultureInfo.InvariantCulture) : 0;
        var result = Assign(schema, ref next);
        configuration[MaxColumnIdKey] = next.ToString(CultureInfo.InvariantCulture);
        return result;
    }

    private static StructType Assign(StructType schema, ref long next)
    {
        var fields = new List<StructField>();
        foreach (var field in schema.Fields)
        {
            var type = field.Type is StructType nested ? Assign(nested, ref next) : field.Type;
            var updated = field with { Type = type };
            if (field.ColumnMappingId is null)
            {
                var metadata = field.Metadata.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
                metadata[StructField.ColumnMappingIdKey] = JsonSerializer.SerializeToElement(++next);
                metadata[StructField.PhysicalNameKey] = JsonSerializer.SerializeToElement("col-" + Guid.NewGuid());
                updated = updated with { Metadata = metadata };
            }

            fields.Add(updated);
        }

        return new StructType(fields);
    }

    /// <summary>
    /// The table schema extended with the columns of <paramref name="incoming"/> it lacks (as nullable), or the
    /// table schema itself when nothing is new.
    /// </summary>
    /// <exception cref="ValidationFailedException">A shared column has an incompatible type.</exception>
    public static StructType Merge(StructType table, StructType incoming, string tableUri)
    {
        var problems = new List<string>();
        var fields = table.Fields.ToList();
        foreach (var field in incoming.Fields)
        {
            var existing = table.FindField(field.Name);
            if (existing is null)
            {
                fields.Add(field with { Nullable = true });
            }
            else if (!BatchConformer.Compatible(field.Type, existing.Type))
            {
                problems.Add($"column '{field.Name}' has type {BatchConformer.Describe(field.Type)} but the table has {BatchConformer.Describe(existing.Type)}");
            }
        }

        if (problems.Count > 0)
        {
            throw new ValidationFailedException(
                $"The data cannot be merged into the schema of the Delta table '{tableUri}': {string.Join("; ", problems)}. Cast the columns, or overwrite the table with SchemaMode Overwrite.");
        }

        return fields.Count == table.Fields.Count ? table : new StructType(fields);
    }
}
