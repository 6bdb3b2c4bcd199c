using System.Text.Json;
using Apache.Arrow;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.DeltaLake.Transactions;
using StructType = Orasi.Connectors.DeltaLake.Protocol.StructType;

namespace Orasi.Connectors.DeltaLake.ChangeDataFeed;

/// <summary>The change data feed's extra columns and the schema of <c>_change_data/</c> files.</summary>
internal static class ChangeDataSchema
{
    /// <summary>The table property that turns the change data feed on.</summary>
    public const string EnableProperty = "delta.enableChangeDataFeed";

    /// <summary>The change type column: <c>insert</c>, <c>delete</c>, <c>update_preimage</c> or <c>update_postimage</c>.</summary>
    public const string ChangeType = "_change_type";

    /// <summary>The commit version column of change data feed reads.</summary>
    public const string CommitVersion = "_commit_version";

    /// <summary>The commit timestamp column of change data feed reads.</summary>
    public const string CommitTimestamp = "_commit_timestamp";

    /// <summary>Directory of change data files, relative to the table root.</summary>
    public const string Directory = "_change_data/";

    /// <summary>Change type of inserted rows.</summary>
    public const string Insert = "insert";

    /// <summary>Change type of deleted rows.</summary>
    public const string Delete = "delete";

    /// <summary>Change type of the old values of updated rows.</summary>
    public const string UpdatePreimage = "update_preimage";

    /// <summary>Change type of the new values of updated rows.</summary>
    public const string UpdatePostimage = "update_postimage";

    /// <summary>True when <c>delta.enableChangeDataFeed</c> is on.</summary>
    public static bool IsEnabled(Metadata metadata) => TableProperties.Flag(metadata, EnableProperty);

    /// <summary>
    /// The metadata describing change data files: the table schema plus a <c>_change_type</c> string column (with a
    /// physical name and id under column mapping, so the column is stored as <c>_change_type</c>).
    /// </summary>
    public static Metadata ForChangeFiles(Metadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var schema = metadata.ParseSchema();
        if (schema.FindField(ChangeType) is not null)
        {
            return metadata;
        }

        IReadOnlyDictionary<string, JsonElement>? fieldMetadata = null;
        if (metadata.ColumnMappingMode != ColumnMappingMode.None)
        {
            var maxId = MaxId(schema);
            fieldMetadata = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
            {
                [StructField.ColumnMappingIdKey] = JsonSerializer.SerializeToElement(maxId + 1),
                [StructField.PhysicalNameKey] = JsonSerializer.SerializeToElement(ChangeType),
            };
        }

        var field = new StructField(ChangeType, DeltaPrimitiveType.String, nullable: true, fieldMetadata);
        return metadata with { SchemaString = DeltaSchema.ToJson(new StructType([.. schema.Fields, field])) };
    }

    /// <summary>Appends a constant <c>_change_type</c> column to a batch of the table's logical schema.</summary>
    public static RecordBatch WithChangeType(RecordBatch rows, string changeType)
    {
        var builder = new StringArray.Builder();
        for (var i = 0; i < rows.Length; i++)
        {
            builder.Append(changeType);
        }

        var fields = rows.Schema.FieldsList.Append(new Field(ChangeType, Apache.Arrow.Types.StringType.Default, true));
        return new RecordBatch(new Schema(fields, null), Enumerable.Range(0, rows.ColumnCount).Select(rows.Column).Append(builder.Build()), rows.Length);
    }

    private static int MaxId(DeltaDataType type) => type switch
    {
        StructType s => s.Fields.Select(f => Math.Max(f.ColumnMappingId ?? 0, MaxId(f.Type))).DefaultIfEmpty(0).Max(),
        DeltaArrayType a => MaxId(a.ElementType),
        DeltaMapType m => Math.Max(MaxId(m.KeyType), MaxId(m.ValueType)),
        _ => 0,
    };
}
