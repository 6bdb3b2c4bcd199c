using System.Text;
using System.Text.Json;

namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>
/// Reads newline-delimited JSON commit files into actions (strictly: bad JSON or a missing required field is an error
/// naming the file and line; unknown actions and fields are ignored as the spec requires) and writes actions
/// canonically: one compact JSON object per line, only the fields that are set, names exactly as in the spec.
/// </summary>
internal static class DeltaActionSerializer
{
    /// <summary>Parses every action of a commit (or JSON checkpoint / compaction) file.</summary>
    /// <param name="content">The UTF-8 bytes of the file.</param>
    /// <param name="fileName">The file's name or path, used in error messages.</param>
    /// <exception cref="CorruptDataException">A line is not valid JSON or an action misses a required field.</exception>
    public static List<DeltaAction> ParseCommit(ReadOnlySpan<byte> content, string fileName)
    {
        var actions = new List<DeltaAction>();
        var lineNumber = 0;
        while (!content.IsEmpty)
        {
            lineNumber++;
            var newline = content.IndexOf((byte)'\n');
            var line = newline < 0 ? content : content[..newline];
            content = newline < 0 ? [] : content[(newline + 1)..];
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            if (line.Trim((byte)' ').IsEmpty)
            {
                continue;
            }

            ParseLine(line, fileName, lineNumber, actions);
        }

        return actions;
    }

    /// <summary>Parses one line (one JSON object) and appends the actions it holds.</summary>
    public static void ParseLine(ReadOnlySpan<byte> line, string fileName, int lineNumber, List<DeltaAction> into)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                throw new JsonException("Unexpected content after the JSON object.");
            }
        }
        catch (JsonException ex)
        {
            throw new CorruptDataException($"The Delta log file '{fileName}' has invalid JSON on line {lineNumber} ({ex.Message}); the file is corrupt and must be restored from a backup or removed by the table owner.", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CorruptDataException($"The Delta log file '{fileName}' has a line {lineNumber} that is not a JSON object; every line must hold one action object.");
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                var context = new Context(fileName, lineNumber, property.Name);
                var action = ParseAction(property.Name, property.Value, context);
                if (action is not null)
                {
                    into.Add(action);
                }
            }
        }
    }

    /// <summary>Parses one action given its name and JSON body; returns null for unknown or null actions.</summary>
    public static DeltaAction? ParseAction(string name, JsonElement body, string fileName = "<json>", int lineNumber = 1)
        => ParseAction(name, body, new Context(fileName, lineNumber, name));

    private static DeltaAction? ParseAction(string name, JsonElement body, Context context)
    {
        if (body.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            return name is "add" or "remove" or "metaData" or "protocol" or "commitInfo" or "txn" or "cdc" or "domainMetadata" or "checkpointMetadata" or "sidecar"
                ? throw context.Error("the action body is not a JSON object")
                : null;
        }

        return name switch
        {
            "add" => ParseAdd(body, context),
            "remove" => ParseRemove(body, context),
            "metaData" => ParseMetadata(body, context),
            "protocol" => new ProtocolAction
            {
                MinReaderVersion = context.RequiredInt(body, "minReaderVersion"),
                MinWriterVersion = context.RequiredInt(body, "minWriterVersion"),
                ReaderFeatures = context.OptionalStringList(body, "readerFeatures"),
                WriterFeatures = context.OptionalStringList(body, "writerFeatures"),
            },
            "commitInfo" => ParseCommitInfo(body, context),
            "txn" => new SetTransaction
            {
                AppId = context.RequiredString(body, "appId"),
                Version = context.RequiredLong(body, "version"),
                LastUpdated = context.OptionalLong(body, "lastUpdated"),
            },
            "cdc" => new AddCdcFile
            {
                Path = context.RequiredString(body, "path"),
                PartitionValues = context.OptionalMap(body, "partitionValues") ?? EmptyMaps.StringToNullableString,
                Size = context.RequiredLong(body, "size"),
                DataChange = context.OptionalBool(body, "dataChange") ?? false,
                Tags = context.OptionalMap(body, "tags"),
            },
            "domainMetadata" => new DomainMetadata
            {
                Domain = context.RequiredString(body, "domain"),
                Configuration = context.RequiredString(body, "configuration"),
                Removed = context.OptionalBool(body, "removed") ?? false,
            },
            "checkpointMetadata" => new CheckpointMetadata
            {
                Version = context.RequiredLong(body, "version"),
                Tags = context.OptionalMap(body, "tags"),
            },
            "sidecar" => new Sidecar
            {
                Path = context.RequiredString(body, "path"),
                SizeInBytes = context.RequiredLong(body, "sizeInBytes"),
                ModificationTime = context.RequiredLong(body, "modificationTime"),
                Tags = context.OptionalMap(body, "tags"),
            },
            _ => null,
        };
    }

    private static AddFile ParseAdd(JsonElement body, Context context) => new()
    {
        Path = context.RequiredString(body, "path"),
        PartitionValues = context.OptionalMap(body, "partitionValues") ?? throw context.Error("the required field 'partitionValues' is missing"),
        Size = context.RequiredLong(body, "size"),
        ModificationTime = context.RequiredLong(body, "modificationTime"),
        DataChange = context.OptionalBool(body, "dataChange") ?? throw context.Error("the required field 'dataChange' is missing"),
        Stats = context.OptionalStats(body),
        Tags = context.OptionalMap(body, "tags"),
        DeletionVector = ParseDeletionVector(body, context),
        BaseRowId = context.OptionalLong(body, "baseRowId"),
        DefaultRowCommitVersion = context.OptionalLong(body, "defaultRowCommitVersion"),
        ClusteringProvider = context.OptionalString(body, "clusteringProvider"),
    };

    private static RemoveFile ParseRemove(JsonElement body, Context context) => new()
    {
        Path = context.RequiredString(body, "path"),
        DeletionTimestamp = context.OptionalLong(body, "deletionTimestamp"),
        DataChange = context.OptionalBool(body, "dataChange") ?? throw context.Error("the required field 'dataChange' is missing"),
        ExtendedFileMetadata = context.OptionalBool(body, "extendedFileMetadata"),
        PartitionValues = context.OptionalMap(body, "partitionValues"),
        Size = context.OptionalLong(body, "size"),
        Stats = context.OptionalStats(body),
        Tags = context.OptionalMap(body, "tags"),
        DeletionVector = ParseDeletionVector(body, context),
        BaseRowId = context.OptionalLong(body, "baseRowId"),
        DefaultRowCommitVersion = context.OptionalLong(body, "defaultRowCommitVersion"),
    };

    private static Metadata ParseMetadata(JsonElement body, Context context)
    {
        var format = DeltaFormat.Parquet;
        if (body.TryGetProperty("format", out var formatElement) && formatElement.ValueKind == JsonValueKind.Object)
        {
            format = new DeltaFormat
            {
                Provider = context.RequiredString(formatElement, "provider"),
                Options = NonNull(context.OptionalMap(formatElement, "options")),
            };
        }

        return new Metadata
        {
            Id = context.RequiredString(body, "id"),
            Name = context.OptionalString(body, "name"),
            Description = context.OptionalString(body, "description"),
            Format = format,
            // Pre-1.0 writers and superseded metaData actions may omit schemaString; the schema is only required of the
            // metadata that wins replay (Metadata.ParseSchema says so).
            SchemaString = context.OptionalString(body, "schemaString") ?? string.Empty,
            PartitionColumns = context.OptionalStringList(body, "partitionColumns") ?? [],
            Configuration = NonNull(context.OptionalMap(body, "configuration")),
            CreatedTime = context.OptionalLong(body, "createdTime"),
        };
    }

    private static Dictionary<string, string> NonNull(IReadOnlyDictionary<string, string?>? map)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (map is not null)
        {
            foreach (var (key, value) in map)
            {
                if (value is not null)
                {
                    result[key] = value;
                }
            }
        }

        return result;
    }

    private static CommitInfo ParseCommitInfo(JsonElement body, Context context)
    {
        long? timestamp = null, inCommitTimestamp = null;
        string? operation = null, engineInfo = null, txnId = null;
        bool? isBlindAppend = null;
        Dictionary<string, string>? parameters = null;
        var extra = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in body.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "timestamp" when value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var ts):
                    timestamp = ts;
                    break;
                case "inCommitTimestamp" when value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var ict):
                    inCommitTimestamp = ict;
                    break;
                case "operation" when value.ValueKind == JsonValueKind.String:
                    operation = value.GetString();
                    break;
                case "engineInfo" when value.ValueKind == JsonValueKind.String:
                    engineInfo = value.GetString();
                    break;
                case "txnId" when value.ValueKind == JsonValueKind.String:
                    txnId = value.GetString();
                    break;
                case "isBlindAppend" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    isBlindAppend = value.GetBoolean();
                    break;
                case "operationParameters" when value.ValueKind == JsonValueKind.Object:
                    parameters = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (var p in value.EnumerateObject())
                    {
                        parameters[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
                    }

                    break;
                default:
                    extra[property.Name] = value.Clone();
                    break;
            }
        }

        _ = context;
        return new CommitInfo
        {
            Timestamp = timestamp,
            InCommitTimestamp = inCommitTimestamp,
            Operation = operation,
            OperationParameters = parameters,
            EngineInfo = engineInfo,
            IsBlindAppend = isBlindAppend,
            TxnId = txnId,
            AdditionalFields = extra,
        };
    }

    private static DeletionVectorDescriptor? ParseDeletionVector(JsonElement body, Context context)
    {
        if (!body.TryGetProperty("deletionVector", out var dv) || dv.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (dv.ValueKind != JsonValueKind.Object)
        {
            throw context.Error("the field 'deletionVector' is not an object");
        }

        var storageType = context.RequiredString(dv, "storageType");
        if (storageType is not ("u" or "i" or "p"))
        {
            throw new UnsupportedFeatureException($"The Delta log file '{context.File}' line {context.Line} has a deletion vector with storage type '{storageType}'; only u, i and p are supported.");
        }

        return new DeletionVectorDescriptor
        {
            StorageType = storageType,
            PathOrInlineDv = context.RequiredString(dv, "pathOrInlineDv"),
            Offset = context.OptionalInt(dv, "offset"),
            SizeInBytes = context.RequiredInt(dv, "sizeInBytes"),
            Cardinality = context.RequiredLong(dv, "cardinality"),
        };
    }

    // ---------------------------------------------------------------- writing

    /// <summary>Serializes actions as a commit file: one JSON object per line, lines joined by <c>\n</c>.</summary>
    public static byte[] SerializeCommit(IEnumerable<DeltaAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        using var buffer = new MemoryStream();
        var first = true;
        foreach (var action in actions)
        {
            if (!first)
            {
                buffer.WriteByte((byte)'\n');
            }

            first = false;
            using var writer = new Utf8JsonWriter(buffer, DeltaSchema.WriterOptions);
            WriteAction(writer, action);
        }

        return buffer.ToArray();
    }

    /// <summary>Serializes one action as a single JSON line without the trailing newline.</summary>
    public static string SerializeAction(DeltaAction action) => Encoding.UTF8.GetString(SerializeCommit([action]));

    /// <summary>Writes <c>{"name":{...}}</c> for one action.</summary>
    public static void WriteAction(Utf8JsonWriter writer, DeltaAction action)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(action);
        writer.WriteStartObject();
        writer.WriteStartObject(action.ActionName);
        switch (action)
        {
            case AddFile add:
                writer.WriteString("path", add.Path);
                WriteMap(writer, "partitionValues", add.PartitionValues);
                writer.WriteNumber("size", add.Size);
                writer.WriteNumber("modificationTime", add.ModificationTime);
                writer.WriteBoolean("dataChange", add.DataChange);
                WriteOptional(writer, "stats", add.Stats);
                WriteMap(writer, "tags", add.Tags);
                WriteDeletionVector(writer, add.DeletionVector);
                WriteOptional(writer, "baseRowId", add.BaseRowId);
                WriteOptional(writer, "defaultRowCommitVersion", add.DefaultRowCommitVersion);
                WriteOptional(writer, "clusteringProvider", add.ClusteringProvider);
                break;
            case RemoveFile remove:
                writer.WriteString("path", remove.Path);
                WriteOptional(writer, "deletionTimestamp", remove.DeletionTimestamp);
                writer.WriteBoolean("dataChange", remove.DataChange);
                if (remove.ExtendedFileMetadata is { } extended)
                {
                    writer.WriteBoolean("extendedFileMetadata", extended);
                }

                WriteMap(writer, "partitionValues", remove.PartitionValues);
                WriteOptional(writer, "size", remove.Size);
                WriteOptional(writer, "stats", remove.Stats);
                WriteMap(writer, "tags", remove.Tags);
                WriteDeletionVector(writer, remove.DeletionVector);
                WriteOptional(writer, "baseRowId", remove.BaseRowId);
                WriteOptional(writer, "defaultRowCommitVersion", remove.DefaultRowCommitVersion);
                break;
            case Metadata metadata:
                writer.WriteString("id", metadata.Id);
                WriteOptional(writer, "name", metadata.Name);
                WriteOptional(writer, "description", metadata.Description);
                writer.WriteStartObject("format");
                writer.WriteString("provider", metadata.Format.Provider);
                WriteMap(writer, "options", metadata.Format.Options);
                writer.WriteEndObject();
                writer.WriteString("schemaString", metadata.SchemaString);
                WriteList(writer, "partitionColumns", metadata.PartitionColumns);
                WriteMap(writer, "configuration", metadata.Configuration);
                WriteOptional(writer, "createdTime", metadata.CreatedTime);
                break;
            case ProtocolAction protocol:
                writer.WriteNumber("minReaderVersion", protocol.MinReaderVersion);
                writer.WriteNumber("minWriterVersion", protocol.MinWriterVersion);
                WriteList(writer, "readerFeatures", protocol.ReaderFeatures);
                WriteList(writer, "writerFeatures", protocol.WriterFeatures);
                break;
            case CommitInfo info:
                WriteOptional(writer, "timestamp", info.Timestamp);
                WriteOptional(writer, "inCommitTimestamp", info.InCommitTimestamp);
                WriteOptional(writer, "operation", info.Operation);
                WriteMap(writer, "operationParameters", info.OperationParameters);
                WriteOptional(writer, "engineInfo", info.EngineInfo);
                if (info.IsBlindAppend is { } blind)
                {
                    writer.WriteBoolean("isBlindAppend", blind);
                }

                WriteOptional(writer, "txnId", info.TxnId);
                foreach (var (key, value) in info.AdditionalFields)
                {
                    writer.WritePropertyName(key);
                    value.WriteTo(writer);
                }

                break;
            case SetTransaction txn:
                writer.WriteString("appId", txn.AppId);
                writer.WriteNumber("version", txn.Version);
                WriteOptional(writer, "lastUpdated", txn.LastUpdated);
                break;
            case AddCdcFile cdc:
                writer.WriteString("path", cdc.Path);
                WriteMap(writer, "partitionValues", cdc.PartitionValues);
                writer.WriteNumber("size", cdc.Size);
                writer.WriteBoolean("dataChange", cdc.DataChange);
                WriteMap(writer, "tags", cdc.Tags);
                break;
            case DomainMetadata domain:
                writer.WriteString("domain", domain.Domain);
                writer.WriteString("configuration", domain.Configuration);
                writer.WriteBoolean("removed", domain.Removed);
                break;
            case CheckpointMetadata checkpoint:
                writer.WriteNumber("version", checkpoint.Version);
                WriteMap(writer, "tags", checkpoint.Tags);
                break;
            case Sidecar sidecar:
                writer.WriteString("path", sidecar.Path);
                writer.WriteNumber("sizeInBytes", sidecar.SizeInBytes);
                writer.WriteNumber("modificationTime", sidecar.ModificationTime);
                WriteMap(writer, "tags", sidecar.Tags);
                break;
            default:
                throw new ArgumentException($"The action type {action.GetType().Name} cannot be serialized.", nameof(action));
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteDeletionVector(Utf8JsonWriter writer, DeletionVectorDescriptor? dv)
    {
        if (dv is null)
        {
            return;
        }

        writer.WriteStartObject("deletionVector");
        writer.WriteString("storageType", dv.StorageType);
        writer.WriteString("pathOrInlineDv", dv.PathOrInlineDv);
        if (dv.Offset is { } offset)
        {
            writer.WriteNumber("offset", offset);
        }

        writer.WriteNumber("sizeInBytes", dv.SizeInBytes);
        writer.WriteNumber("cardinality", dv.Cardinality);
        writer.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
    }

    private static void WriteList(Utf8JsonWriter writer, string name, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteMap<TValue>(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, TValue>? map)
    {
        if (map is null)
        {
            return;
        }

        writer.WriteStartObject(name);
        foreach (var (key, value) in map)
        {
            if (value is null)
            {
                writer.WriteNull(key);
            }
            else
            {
                writer.WriteString(key, value.ToString());
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>Where a value is being read, for error messages.</summary>
    private readonly record struct Context(string File, int Line, string Action)
    {
        public CorruptDataException Error(string problem) =>
            new($"The Delta log file '{File}' line {Line} has an invalid '{Action}' action: {problem}; the log is corrupt.");

        public string RequiredString(JsonElement body, string name) =>
            OptionalString(body, name) ?? throw Error($"the required field '{name}' is missing");

        public string? OptionalString(JsonElement body, string name)
        {
            if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Error($"the field '{name}' must be a string");
        }

        public string? OptionalStats(JsonElement body)
        {
            if (!body.TryGetProperty("stats", out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            // The spec stores stats as a JSON string; tolerate writers that embedded the object itself.
            return value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        }

        public long RequiredLong(JsonElement body, string name) =>
            OptionalLong(body, name) ?? throw Error($"the required field '{name}' is missing");

        public long? OptionalLong(JsonElement body, string name)
        {
            if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var result)
                ? result
                : throw Error($"the field '{name}' must be a 64-bit integer");
        }

        public int RequiredInt(JsonElement body, string name) =>
            OptionalInt(body, name) ?? throw Error($"the required field '{name}' is missing");

        public int? OptionalInt(JsonElement body, string name)
        {
            if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var result)
                ? result
                : throw Error($"the field '{name}' must be a 32-bit integer");
        }

        public bool? OptionalBool(JsonElement body, string name)
        {
            if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw Error($"the field '{name}' must be a boolean");
        }

        public List<string>? OptionalStringList(JsonElement body, string name)
        {
            if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                throw Error($"the field '{name}' must be an array of strings");
            }

            var list = new List<string>(value.GetArrayLength());
            foreach (var item in value.EnumerateArray())
            {
                list.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Error($"the field '{name}' must contain only strings"));
            }

            return list;
        }

        public Dictionary<string, string?>? OptionalMap(JsonElement body, string name)
        {
            if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                throw Error($"the field '{name}' must be a JSON object of strings");
            }

            var map = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var property in value.EnumerateObject())
            {
                map[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Null => null,
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                    _ => throw Error($"the field '{name}' has a non-string value for key '{property.Name}'"),
                };
            }

            return map;
        }
    }
}
