using Apache.Arrow;
using Orasi.Connectors.DeltaLake.Protocol;
using ArrowSchema = Apache.Arrow.Schema;

namespace Orasi.Connectors.DeltaLake.Writing;

/// <summary>
/// Checks an incoming batch against a table's logical schema and returns it in the table's canonical Arrow form
/// (columns in table order, names as in the table, timestamps in microseconds, missing nullable columns as nulls).
/// </summary>
internal static class BatchConformer
{
    /// <summary>Finds the mismatches between a batch schema and a table schema; empty when they are compatible.</summary>
    public static List<string> Mismatches(ArrowSchema input, StructType table)
    {
        var problems = new List<string>();
        foreach (var field in input.FieldsList)
        {
            var target = table.FindField(field.Name);
            if (target is null)
            {
                problems.Add($"column '{field.Name}' is not in the table schema");
                continue;
            }

            DeltaDataType inputType;
            try
            {
                inputType = DeltaArrowSchema.FromArrowType(field.DataType, field.Name);
            }
            catch (ValidationFailedException ex)
            {
                problems.Add(ex.Message);
                continue;
            }

            if (!Compatible(inputType, target.Type))
            {
                problems.Add($"column '{field.Name}' has type {Describe(inputType)} but the table has {Describe(target.Type)}");
            }
        }

        foreach (var field in table.Fields)
        {
            if (input.GetFieldIndex(field.Name) < 0 && input.FieldsList.All(f => !string.Equals(f.Name, field.Name, StringComparison.OrdinalIgnoreCase)) && !field.Nullable)
            {
                problems.Add($"non-nullable column '{field.Name}' is missing from the data");
            }
        }

        return problems;
    }

    /// <summary>True when values of <paramref name="input"/> can be stored as <paramref name="table"/> without loss.</summary>
    public static bool Compatible(DeltaDataType input, DeltaDataType table) => (input, table) switch
    {
        (DeltaPrimitiveType a, DeltaPrimitiveType b) => a.Name == b.Name,
        (DeltaDecimalType a, DeltaDecimalType b) => a.Precision == b.Precision && a.Scale == b.Scale,
        (DeltaArrayType a, DeltaArrayType b) => Compatible(a.ElementType, b.ElementType),
        (DeltaMapType a, DeltaMapType b) => Compatible(a.KeyType, b.KeyType) && Compatible(a.ValueType, b.ValueType),
        (StructType a, StructType b) => a.Fields.Count == b.Fields.Count
            && a.Fields.Zip(b.Fields).All(p => string.Equals(p.First.Name, p.Second.Name, StringComparison.OrdinalIgnoreCase) && Compatible(p.First.Type, p.Second.Type)),
        _ => false,
    };

    /// <summary>A short text for a type in messages.</summary>
    public static string Describe(DeltaDataType type) => type switch
    {
        DeltaDecimalType d => $"decimal({d.Precision},{d.Scale})",
        DeltaArrayType a => $"array<{Describe(a.ElementType)}>",
        DeltaMapType m => $"map<{Describe(m.KeyType)},{Describe(m.ValueType)}>",
        StructType s => "struct<" + string.Join(",", s.Fields.Select(f => f.Name + ":" + Describe(f.Type))) + ">",
        _ => type.TypeName,
    };

    /// <summary>Returns the batch with the table's logical Arrow schema.</summary>
    /// <exception cref="ValidationFailedException">The batch does not fit the table schema; the message lists every mismatch.</exception>
    public static RecordBatch Conform(RecordBatch batch, StructType table, ArrowSchema logicalArrow, string tableUri)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var problems = Mismatches(batch.Schema, table);
        if (problems.Count > 0)
        {
            throw new ValidationFailedException(
                $"The data does not match the schema of the Delta table '{tableUri}': {string.Join("; ", problems)}. Fix the data, or write with SchemaMode Merge (new columns) or Overwrite (replace the schema).");
        }

        var columns = new IArrowArray[table.Fields.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            var field = table.Fields[i];
            var target = logicalArrow.FieldsList[i];
            var index = batch.Schema.GetFieldIndex(field.Name);
            if (index < 0)
            {
                index = batch.Schema.FieldsList.ToList().FindIndex(f => string.Equals(f.Name, field.Name, StringComparison.OrdinalIgnoreCase));
            }

            if (index < 0)
            {
                columns[i] = NullArrays.Create(target.DataType, batch.Length);
                continue;
            }

            var column = batch.Column(index);
            if (!field.Nullable && column.NullCount > 0)
            {
                throw new ValidationFailedException(
                    $"The column '{field.Name}' of the Delta table '{tableUri}' is not nullable but the data holds {column.NullCount} null value(s); fill them before writing.");
            }

            columns[i] = ArrowRetype.Retype(column, target.DataType, field.Name);
        }

        return new RecordBatch(logicalArrow, columns, batch.Length);
    }
}
