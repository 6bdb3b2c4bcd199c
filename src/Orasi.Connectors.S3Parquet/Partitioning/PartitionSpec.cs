using System.Globalization;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Orasi.Connectors.S3Parquet.Partitioning;

/// <summary>
/// How rows of one schema map to partition directories: Hive <c>column=value</c> segments for the partition
/// columns (which are left out of the data files), then the time segments rendered from a timestamp or date column.
/// </summary>
internal sealed class PartitionSpec
{
    private readonly int[] _columnIndexes;
    private readonly int _timeIndex;
    private readonly TimePathTemplate? _template;
    private readonly int[] _dataIndexes;
    private readonly Dictionary<long, string> _timePathCache = [];

    private PartitionSpec(Schema schema, int[] columnIndexes, int timeIndex, TimePathTemplate? template)
    {
        _columnIndexes = columnIndexes;
        _timeIndex = timeIndex;
        _template = template;
        _dataIndexes = Enumerable.Range(0, schema.FieldsList.Count).Where(i => !columnIndexes.Contains(i)).ToArray();
        var builder = new Schema.Builder();
        foreach (var i in _dataIndexes)
        {
            builder.Field(schema.FieldsList[i]);
        }

        foreach (var (key, value) in schema.Metadata ?? new Dictionary<string, string>())
        {
            builder.Metadata(key, value);
        }

        Schema = schema;
        DataSchema = builder.Build();
        Keys = [.. columnIndexes.Select(i => schema.FieldsList[i].Name), .. template?.Keys ?? []];
    }

    /// <summary>The schema of the batches written.</summary>
    public Schema Schema { get; }

    /// <summary>The schema of the data files: <see cref="Schema"/> without the partition columns.</summary>
    public Schema DataSchema { get; }

    /// <summary>Partition keys in path order.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>True when rows are partitioned at all.</summary>
    public bool IsPartitioned => Keys.Count > 0;

    /// <summary>Builds the spec for <paramref name="schema"/>.</summary>
    /// <exception cref="ValidationFailedException">A column is missing or has a type that cannot be a partition value.</exception>
    public static PartitionSpec Create(Schema schema, IEnumerable<string> partitionBy, string? timeColumn, string pathTemplate)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var columns = new List<int>();
        foreach (var name in partitionBy)
        {
            var index = schema.GetFieldIndex(name);
            if (index < 0)
            {
                throw new ValidationFailedException($"Partition column '{name}' (partition_by) is not in the schema; use one of: {string.Join(", ", schema.FieldsList.Select(f => f.Name))}.");
            }

            if (!IsPartitionType(schema.FieldsList[index].DataType))
            {
                throw new ValidationFailedException($"Partition column '{name}' has type {schema.FieldsList[index].DataType.Name}, which cannot be a path value; partition by a string, integer, boolean or date column.");
            }

            if (name == timeColumn)
            {
                throw new ValidationFailedException($"Column '{name}' is both in partition_by and the time_partition_column; use it in one of them.");
            }

            columns.Add(index);
        }

        var timeIndex = -1;
        TimePathTemplate? template = null;
        if (!string.IsNullOrWhiteSpace(timeColumn))
        {
            timeIndex = schema.GetFieldIndex(timeColumn);
            if (timeIndex < 0)
            {
                throw new ValidationFailedException($"Time partition column '{timeColumn}' (time_partition_column) is not in the schema; name a timestamp or date column.");
            }

            if (schema.FieldsList[timeIndex].DataType is not (TimestampType or Date32Type or Date64Type))
            {
                throw new ValidationFailedException($"Time partition column '{timeColumn}' has type {schema.FieldsList[timeIndex].DataType.Name}; it must be a timestamp or date column.");
            }

            template = TimePathTemplate.Parse(pathTemplate);
            var clash = template.Keys.FirstOrDefault(k => schema.GetFieldIndex(k) >= 0 || columns.Any(c => schema.FieldsList[c].Name == k));
            if (clash is not null)
            {
                throw new ValidationFailedException($"Time partition key '{clash}' of path_template clashes with a column of the same name; rename the key in path_template.");
            }
        }

        return new PartitionSpec(schema, [.. columns], timeIndex, template);
    }

    /// <summary>The data columns of <paramref name="batch"/> (partition columns dropped), sharing its buffers.</summary>
    public RecordBatch DataColumns(RecordBatch batch) =>
        _columnIndexes.Length == 0 ? batch : new RecordBatch(DataSchema, _dataIndexes.Select(batch.Column), batch.Length);

    /// <summary>
    /// Assigns each row a partition: returns the partition id of every row and the distinct directory paths by id,
    /// in order of first appearance.
    /// </summary>
    public (int[] RowPartitions, List<string> Paths) Assign(RecordBatch batch)
    {
        var ids = new int[batch.Length];
        var paths = new List<string>();
        if (!IsPartitioned)
        {
            paths.Add(string.Empty);
            return (ids, paths);
        }

        var lookup = new Dictionary<string, int>(StringComparer.Ordinal);
        var columns = _columnIndexes.Select(batch.Column).ToArray();
        var time = _timeIndex >= 0 ? batch.Column(_timeIndex) : null;
        var path = new StringBuilder(128);
        for (var row = 0; row < ids.Length; row++)
        {
            path.Clear();
            for (var c = 0; c < columns.Length; c++)
            {
                if (path.Length > 0)
                {
                    path.Append('/');
                }

                path.Append(HivePath.Segment(Keys[c], FormatValue(columns[c], row)));
            }

            if (time is not null)
            {
                if (path.Length > 0)
                {
                    path.Append('/');
                }

                path.Append(TimePath(time, row));
            }

            var key = path.ToString();
            if (!lookup.TryGetValue(key, out var id))
            {
                id = paths.Count;
                lookup.Add(key, id);
                paths.Add(key);
            }

            ids[row] = id;
        }

        return (ids, paths);
    }

    private string TimePath(IArrowArray array, int row)
    {
        long? ticks = array switch
        {
            TimestampArray ts => ts.IsNull(row) ? null : ts.GetTimestamp(row)!.Value.UtcTicks,
            Date32Array d => d.IsNull(row) ? null : DateTime.UnixEpoch.AddDays(d.GetValue(row)!.Value).Ticks,
            Date64Array d => d.IsNull(row) ? null : DateTime.UnixEpoch.AddMilliseconds(d.GetValue(row)!.Value).Ticks,
            _ => null,
        };
        var bucket = ticks is { } t ? Math.DivRem(t, _template!.Granularity.Ticks, out var rem) - (rem < 0 ? 1 : 0) : long.MinValue;
        if (_timePathCache.TryGetValue(bucket, out var cached))
        {
            return cached;
        }

        string result;
        if (ticks is null)
        {
            result = string.Join('/', _template!.Keys.Select(k => HivePath.Segment(k, null)));
        }
        else
        {
            var utc = new DateTime(bucket * _template!.Granularity.Ticks, DateTimeKind.Utc);
            var values = _template.Render(utc);
            result = string.Join('/', _template.Keys.Select((k, i) => HivePath.Segment(k, values[i])));
        }

        if (_timePathCache.Count > 100_000)
        {
            _timePathCache.Clear();
        }

        _timePathCache[bucket] = result;
        return result;
    }

    private static bool IsPartitionType(IArrowType type) => type is StringType or LargeStringType or BooleanType or Date32Type
        or Int8Type or Int16Type or Int32Type or Int64Type or UInt8Type or UInt16Type or UInt32Type or UInt64Type;

    /// <summary>The path text of one value (null for null).</summary>
    internal static string? FormatValue(IArrowArray array, int row)
    {
        if (array.IsNull(row))
        {
            return null;
        }

        var inv = CultureInfo.InvariantCulture;
        return array switch
        {
            StringArray s => s.GetString(row),
            LargeStringArray s => s.GetString(row),
            BooleanArray b => b.GetValue(row)!.Value ? "true" : "false",
            Date32Array d => DateOnly.FromDateTime(DateTime.UnixEpoch.AddDays(d.GetValue(row)!.Value)).ToString("yyyy-MM-dd", inv),
            Int8Array a => a.GetValue(row)!.Value.ToString(inv),
            Int16Array a => a.GetValue(row)!.Value.ToString(inv),
            Int32Array a => a.GetValue(row)!.Value.ToString(inv),
            Int64Array a => a.GetValue(row)!.Value.ToString(inv),
            UInt8Array a => a.GetValue(row)!.Value.ToString(inv),
            UInt16Array a => a.GetValue(row)!.Value.ToString(inv),
            UInt32Array a => a.GetValue(row)!.Value.ToString(inv),
            UInt64Array a => a.GetValue(row)!.Value.ToString(inv),
            _ => throw new UnsupportedFeatureException($"Partition values of type {array.Data.DataType.Name} are not supported; partition by a string, integer, boolean or date column."),
        };
    }
}
