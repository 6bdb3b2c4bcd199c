using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Operations;

/// <summary>
/// Builds a table's new default sort order: an ordered list of columns (with an optional transform), each ascending or
/// descending with nulls first or last. No fields means unsorted. Existing data files keep the order they were written
/// with; engines that honour the table's sort order use the new one for files written from now on.
/// </summary>
/// <example><code>
/// await catalog.ReplaceSortOrderAsync(id, o => o.Asc("service_name").Desc("timestamp", Transform.Parse("hour")));
/// </code></example>
public sealed class SortOrderUpdate
{
    private readonly IcebergSchema _schema;
    private readonly List<SortField> _fields = new();

    internal SortOrderUpdate(IcebergSchema schema) => _schema = schema;

    /// <summary>Sorts by <paramref name="column"/> ascending (nulls first by default, as in the spec).</summary>
    /// <exception cref="ValidationFailedException">The column does not exist or the transform does not apply to it.</exception>
    public SortOrderUpdate Asc(string column, Transform? transform = null, bool nullsFirst = true) => Add(column, transform, "asc", nullsFirst);

    /// <summary>Sorts by <paramref name="column"/> descending (nulls last by default, as in the spec).</summary>
    /// <exception cref="ValidationFailedException">The column does not exist or the transform does not apply to it.</exception>
    public SortOrderUpdate Desc(string column, Transform? transform = null, bool nullsFirst = false) => Add(column, transform, "desc", nullsFirst);

    internal SortOrder Build() => new(_fields.Count == 0 ? 0 : 1, _fields.ToList());

    private SortOrderUpdate Add(string column, Transform? transform, string direction, bool nullsFirst)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(column);
        var field = _schema.Fields.FirstOrDefault(f => f.Name == column)
            ?? throw new ValidationFailedException($"Sort column '{column}' does not exist; available columns: {string.Join(", ", _schema.Fields.Select(f => f.Name))}.");
        if (!field.Type.IsPrimitive)
        {
            throw new ValidationFailedException($"Sort column '{column}' has type {field.Type}; only primitive columns can be sorted by.");
        }

        transform ??= Transform.Identity;
        if (transform.Kind is TransformKind.Unknown or TransformKind.Void)
        {
            throw new ValidationFailedException($"Transform '{transform.Name}' cannot order column '{column}'; use identity, bucket, truncate, year, month, day or hour.");
        }

        if (transform.Kind is TransformKind.Year or TransformKind.Month or TransformKind.Day or TransformKind.Hour
            && field.Type is not PrimitiveType { Name: "date" or "timestamp" or "timestamptz" or "timestamp_ns" or "timestamptz_ns" })
        {
            throw new ValidationFailedException($"Transform '{transform.Name}' applies to dates and timestamps, not to column '{column}' of type {field.Type}.");
        }

        if (_fields.Any(f => f.SourceId == field.Id && f.Transform == transform))
        {
            throw new ValidationFailedException($"Column '{column}' with transform '{transform.Name}' is already in the sort order.");
        }

        _fields.Add(new SortField(field.Id, transform, direction, nullsFirst ? "nulls-first" : "nulls-last"));
        return this;
    }
}
