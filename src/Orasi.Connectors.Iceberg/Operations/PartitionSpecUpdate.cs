using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Operations;

/// <summary>Partition evolution: add or remove partition fields, producing a new default spec (old files keep their spec).</summary>
public sealed class PartitionSpecUpdate
{
    private readonly IcebergSchema _schema;
    private readonly int _formatVersion;
    private readonly List<PartitionField> _fields;
    private int _lastPartitionId;

    internal PartitionSpecUpdate(IcebergSchema schema, PartitionSpec spec, int lastPartitionId, int formatVersion)
    {
        _schema = schema;
        _fields = spec.Fields.ToList();
        _lastPartitionId = lastPartitionId;
        _formatVersion = formatVersion;
    }

    /// <summary>Adds a partition field on a top-level column.</summary>
    /// <param name="sourceColumn">The source column name.</param>
    /// <param name="transform">The transform.</param>
    /// <param name="name">The partition field name (default: the column name, or <c>column_transform</c>).</param>
    /// <exception cref="ValidationFailedException">The column does not exist or the field already exists.</exception>
    public PartitionSpecUpdate AddField(string sourceColumn, Transform transform, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(transform);
        var source = _schema.FindTopLevelField(sourceColumn) ?? throw new ValidationFailedException($"Column '{sourceColumn}' does not exist; partition by an existing column.");
        name ??= transform.Kind switch
        {
            TransformKind.Identity => source.Name,
            TransformKind.Bucket => $"{source.Name}_bucket_{transform.Parameter}",
            TransformKind.Truncate => $"{source.Name}_trunc_{transform.Parameter}",
            _ => $"{source.Name}_{transform.Name}",
        };
        if (_fields.Any(f => f.Name == name)) throw new ValidationFailedException($"Partition field '{name}' already exists.");
        if (_fields.Any(f => f.SourceId == source.Id && f.Transform == transform)) throw new ValidationFailedException($"Column '{sourceColumn}' is already partitioned by {transform}.");
        transform.ResultType(source.Type);
        _fields.Add(new PartitionField(source.Id, ++_lastPartitionId, name, transform));
        return this;
    }

    /// <summary>Removes a partition field by name (v1 tables keep it as a <c>void</c> transform).</summary>
    public PartitionSpecUpdate RemoveField(string name)
    {
        var i = _fields.FindIndex(f => f.Name == name);
        if (i < 0) throw new ValidationFailedException($"Partition field '{name}' does not exist; available: {string.Join(", ", _fields.Select(f => f.Name))}.");
        if (_formatVersion == 1)
        {
            _fields[i] = _fields[i] with { Transform = Transform.Void };
        }
        else
        {
            _fields.RemoveAt(i);
        }

        return this;
    }

    internal PartitionSpec Build() => new(0, _fields.ToList());
}
