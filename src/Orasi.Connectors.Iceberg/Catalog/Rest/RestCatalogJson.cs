using System.Text.Json.Nodes;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Iceberg.Transactions;

namespace Orasi.Connectors.Iceberg.Catalog.Rest;

/// <summary>
/// The JSON shapes of the Iceberg REST catalog API (<c>rest-catalog-open-api.yaml</c>) for commit requirements
/// and updates, schemas, partition specs, sort orders and snapshots, in both directions.
/// </summary>
public static class RestCatalogJson
{
    /// <summary>Writes a requirement as its REST object (<c>{"type": "assert-ref-snapshot-id", "ref": "main", "snapshot-id": 1}</c>).</summary>
    /// <param name="requirement">The requirement.</param>
    /// <returns>The JSON object.</returns>
    public static JsonObject ToJson(TableRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        var o = new JsonObject { ["type"] = requirement.Type };
        switch (requirement)
        {
            case TableRequirement.AssertCreate:
                break;
            case TableRequirement.AssertTableUuid r:
                o["uuid"] = r.Uuid.ToString();
                break;
            case TableRequirement.AssertRefSnapshotId r:
                o["ref"] = r.Ref;
                o["snapshot-id"] = r.SnapshotId;
                break;
            case TableRequirement.AssertLastAssignedFieldId r:
                o["last-assigned-field-id"] = r.LastAssignedFieldId;
                break;
            case TableRequirement.AssertCurrentSchemaId r:
                o["current-schema-id"] = r.CurrentSchemaId;
                break;
            case TableRequirement.AssertLastAssignedPartitionId r:
                o["last-assigned-partition-id"] = r.LastAssignedPartitionId;
                break;
            case TableRequirement.AssertDefaultSpecId r:
                o["default-spec-id"] = r.DefaultSpecId;
                break;
            case TableRequirement.AssertDefaultSortOrderId r:
                o["default-sort-order-id"] = r.DefaultSortOrderId;
                break;
        }

        return o;
    }

    /// <summary>Writes an update as its REST object (<c>{"action": "add-snapshot", "snapshot": {...}}</c>).</summary>
    /// <param name="update">The update.</param>
    /// <returns>The JSON object.</returns>
    public static JsonObject ToJson(TableUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var o = new JsonObject { ["action"] = update.Action };
        switch (update)
        {
            case TableUpdate.AddSchema u:
                o["schema"] = SchemaParser.WriteSchema(u.Schema);
                if (u.LastColumnId is { } last) o["last-column-id"] = last;
                break;
            case TableUpdate.SetCurrentSchema u:
                o["schema-id"] = u.SchemaId;
                break;
            case TableUpdate.AddSpec u:
                o["spec"] = ToJson(u.Spec);
                break;
            case TableUpdate.SetDefaultSpec u:
                o["spec-id"] = u.SpecId;
                break;
            case TableUpdate.AddSortOrder u:
                o["sort-order"] = ToJson(u.SortOrder);
                break;
            case TableUpdate.SetDefaultSortOrder u:
                o["sort-order-id"] = u.SortOrderId;
                break;
            case TableUpdate.AddSnapshot u:
                o["snapshot"] = ToJson(u.Snapshot);
                break;
            case TableUpdate.SetSnapshotRef u:
                o["ref-name"] = u.RefName;
                o["type"] = u.Ref.Type;
                o["snapshot-id"] = u.Ref.SnapshotId;
                if (u.Ref.MaxRefAgeMs is { } a) o["max-ref-age-ms"] = a;
                if (u.Ref.MaxSnapshotAgeMs is { } b) o["max-snapshot-age-ms"] = b;
                if (u.Ref.MinSnapshotsToKeep is { } c) o["min-snapshots-to-keep"] = c;
                break;
            case TableUpdate.RemoveSnapshots u:
                o["snapshot-ids"] = new JsonArray(u.SnapshotIds.Select(i => (JsonNode)i).ToArray());
                break;
            case TableUpdate.RemoveSnapshotRef u:
                o["ref-name"] = u.RefName;
                break;
            case TableUpdate.SetProperties u:
                o["updates"] = StringMap(u.Updates);
                break;
            case TableUpdate.RemoveProperties u:
                o["removals"] = new JsonArray(u.Removals.Select(r => (JsonNode)r).ToArray());
                break;
            case TableUpdate.SetLocation u:
                o["location"] = u.Location;
                break;
            case TableUpdate.UpgradeFormatVersion u:
                o["format-version"] = u.FormatVersion;
                break;
        }

        return o;
    }

    /// <summary>Reads a REST requirement object.</summary>
    /// <param name="node">The JSON object.</param>
    /// <returns>The requirement.</returns>
    /// <exception cref="ValidationFailedException">The object is malformed or of an unknown type.</exception>
    public static TableRequirement ParseRequirement(JsonNode? node) => Guard("requirement", () =>
    {
        var o = Json.Obj(node, "requirement");
        var type = Json.ReqString(o, "type", "requirement");
        return type switch
        {
            "assert-create" => new TableRequirement.AssertCreate(),
            "assert-table-uuid" => new TableRequirement.AssertTableUuid(Guid.Parse(Json.ReqString(o, "uuid", type))),
            "assert-ref-snapshot-id" => (TableRequirement)new TableRequirement.AssertRefSnapshotId(Json.ReqString(o, "ref", type), Json.OptLong(o, "snapshot-id")),
            "assert-last-assigned-field-id" => new TableRequirement.AssertLastAssignedFieldId(Json.ReqInt(o, "last-assigned-field-id", type)),
            "assert-current-schema-id" => new TableRequirement.AssertCurrentSchemaId(Json.ReqInt(o, "current-schema-id", type)),
            "assert-last-assigned-partition-id" => new TableRequirement.AssertLastAssignedPartitionId(Json.ReqInt(o, "last-assigned-partition-id", type)),
            "assert-default-spec-id" => new TableRequirement.AssertDefaultSpecId(Json.ReqInt(o, "default-spec-id", type)),
            "assert-default-sort-order-id" => new TableRequirement.AssertDefaultSortOrderId(Json.ReqInt(o, "default-sort-order-id", type)),
            _ => throw new FormatException($"requirement type '{type}' is not known"),
        };
    });

    /// <summary>Reads a REST update object.</summary>
    /// <param name="node">The JSON object.</param>
    /// <returns>The update.</returns>
    /// <exception cref="ValidationFailedException">The object is malformed or of an unknown action.</exception>
    public static TableUpdate ParseUpdate(JsonNode? node) => Guard("update", () =>
    {
        var o = Json.Obj(node, "update");
        var action = Json.ReqString(o, "action", "update");
        return action switch
        {
            "add-schema" => new TableUpdate.AddSchema(SchemaParser.ParseSchema(Json.Req(o, "schema", action)), Json.OptInt(o, "last-column-id")),
            "set-current-schema" => new TableUpdate.SetCurrentSchema(Json.ReqInt(o, "schema-id", action)),
            "add-spec" => new TableUpdate.AddSpec(ParseSpec(Json.Req(o, "spec", action))),
            "set-default-spec" => new TableUpdate.SetDefaultSpec(Json.ReqInt(o, "spec-id", action)),
            "add-sort-order" => new TableUpdate.AddSortOrder(ParseSortOrder(Json.Req(o, "sort-order", action))),
            "set-default-sort-order" => new TableUpdate.SetDefaultSortOrder(Json.ReqInt(o, "sort-order-id", action)),
            "add-snapshot" => new TableUpdate.AddSnapshot(ParseSnapshot(Json.Req(o, "snapshot", action))),
            "set-snapshot-ref" => new TableUpdate.SetSnapshotRef(Json.ReqString(o, "ref-name", action), new SnapshotRef(Json.ReqLong(o, "snapshot-id", action), Json.ReqString(o, "type", action))
            {
                MaxRefAgeMs = Json.OptLong(o, "max-ref-age-ms"),
                MaxSnapshotAgeMs = Json.OptLong(o, "max-snapshot-age-ms"),
                MinSnapshotsToKeep = Json.OptInt(o, "min-snapshots-to-keep"),
            }),
            "remove-snapshots" => new TableUpdate.RemoveSnapshots(Array(o, "snapshot-ids", action).Select(n => Json.AsLong(n, action)).ToList()),
            "remove-snapshot-ref" => new TableUpdate.RemoveSnapshotRef(Json.ReqString(o, "ref-name", action)),
            "set-properties" => new TableUpdate.SetProperties(Json.StringMap(Json.Req(o, "updates", action), action)),
            "remove-properties" => new TableUpdate.RemoveProperties(Array(o, "removals", action).Select(n => Json.AsString(n!, action)).ToList()),
            "set-location" => new TableUpdate.SetLocation(Json.ReqString(o, "location", action)),
            "upgrade-format-version" => (TableUpdate)new TableUpdate.UpgradeFormatVersion(Json.ReqInt(o, "format-version", action)),
            _ => throw new FormatException($"update action '{action}' is not known"),
        };
    });

    /// <summary>Writes a partition spec (<c>{"spec-id", "fields": [{"name", "transform", "source-id", "field-id"}]}</c>).</summary>
    /// <param name="spec">The spec.</param>
    /// <returns>The JSON object.</returns>
    public static JsonObject ToJson(PartitionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new JsonObject
        {
            ["spec-id"] = spec.SpecId,
            ["fields"] = new JsonArray(spec.Fields.Select(f => (JsonNode)new JsonObject
            {
                ["name"] = f.Name, ["transform"] = f.Transform.Name, ["source-id"] = f.SourceId, ["field-id"] = f.FieldId,
            }).ToArray()),
        };
    }

    /// <summary>Writes a sort order.</summary>
    /// <param name="order">The sort order.</param>
    /// <returns>The JSON object.</returns>
    public static JsonObject ToJson(SortOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new JsonObject
        {
            ["order-id"] = order.OrderId,
            ["fields"] = new JsonArray(order.Fields.Select(f => (JsonNode)new JsonObject
            {
                ["transform"] = f.Transform.Name, ["source-id"] = f.SourceId, ["direction"] = f.Direction, ["null-order"] = f.NullOrder,
            }).ToArray()),
        };
    }

    /// <summary>Writes a snapshot.</summary>
    /// <param name="s">The snapshot.</param>
    /// <returns>The JSON object.</returns>
    public static JsonObject ToJson(Snapshot s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var o = new JsonObject { ["snapshot-id"] = s.SnapshotId };
        if (s.ParentSnapshotId is { } p) o["parent-snapshot-id"] = p;
        o["sequence-number"] = s.SequenceNumber;
        o["timestamp-ms"] = s.TimestampMs;
        if (s.ManifestList is not null) o["manifest-list"] = s.ManifestList;
        if (s.Manifests is not null) o["manifests"] = new JsonArray(s.Manifests.Select(x => (JsonNode)x).ToArray());
        o["summary"] = StringMap(s.Summary);
        if (s.SchemaId is { } sid) o["schema-id"] = sid;
        if (s.FirstRowId is { } fr) o["first-row-id"] = fr;
        if (s.AddedRows is { } ar) o["added-rows"] = ar;
        return o;
    }

    /// <summary>Reads a partition spec (a missing <c>spec-id</c> reads as 0, as in create-table requests).</summary>
    /// <param name="node">The JSON object.</param>
    /// <returns>The spec.</returns>
    public static PartitionSpec ParseSpec(JsonNode? node) => Guard("partition spec", () =>
    {
        var o = Json.Obj(node, "partition spec");
        var next = 1000;
        var fields = Array(o, "fields", "partition spec").Select(n =>
        {
            var f = Json.Obj(n, "partition field");
            var name = Json.ReqString(f, "name", "partition field");
            var id = Json.OptInt(f, "field-id") ?? next;
            next = Math.Max(next, id + 1);
            return new PartitionField(Json.ReqInt(f, "source-id", name), id, name, Transform.Parse(Json.ReqString(f, "transform", name)));
        }).ToList();
        return new PartitionSpec(Json.OptInt(o, "spec-id") ?? 0, fields);
    });

    /// <summary>Reads a sort order.</summary>
    /// <param name="node">The JSON object.</param>
    /// <returns>The sort order.</returns>
    public static SortOrder ParseSortOrder(JsonNode? node) => Guard("sort order", () =>
    {
        var o = Json.Obj(node, "sort order");
        var fields = Array(o, "fields", "sort order").Select(n =>
        {
            var f = Json.Obj(n, "sort field");
            return new SortField(Json.ReqInt(f, "source-id", "sort field"), Transform.Parse(Json.ReqString(f, "transform", "sort field")), Json.ReqString(f, "direction", "sort field"), Json.ReqString(f, "null-order", "sort field"));
        }).ToList();
        return new SortOrder(Json.ReqInt(o, "order-id", "sort order"), fields);
    });

    /// <summary>Reads a snapshot.</summary>
    /// <param name="node">The JSON object.</param>
    /// <returns>The snapshot.</returns>
    public static Snapshot ParseSnapshot(JsonNode? node) => Guard("snapshot", () =>
    {
        var o = Json.Obj(node, "snapshot");
        return new Snapshot(Json.ReqLong(o, "snapshot-id", "snapshot"), Json.ReqLong(o, "timestamp-ms", "snapshot"))
        {
            ParentSnapshotId = Json.OptLong(o, "parent-snapshot-id"),
            SequenceNumber = Json.OptLong(o, "sequence-number") ?? 0,
            ManifestList = Json.OptString(o, "manifest-list"),
            Manifests = o["manifests"] is JsonArray m ? m.Select(x => Json.AsString(x!, "manifests")).ToList() : null,
            Summary = o["summary"] is { } s ? Json.StringMap(s, "summary") : new Dictionary<string, string>(),
            SchemaId = Json.OptInt(o, "schema-id"),
            FirstRowId = Json.OptLong(o, "first-row-id"),
            AddedRows = Json.OptLong(o, "added-rows"),
        };
    });

    /// <summary>Writes a schema (with <c>schema-id</c> and field ids).</summary>
    /// <param name="schema">The schema.</param>
    /// <returns>The JSON object.</returns>
    public static JsonObject ToJson(IcebergSchema schema) => SchemaParser.WriteSchema(schema);

    /// <summary>Reads a schema.</summary>
    /// <param name="node">The JSON object.</param>
    /// <returns>The schema.</returns>
    public static IcebergSchema ParseSchema(JsonNode? node) => Guard("schema", () => SchemaParser.ParseSchema(node));

    internal static JsonObject StringMap(IReadOnlyDictionary<string, string> map) =>
        new(map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value)));

    private static JsonArray Array(JsonObject o, string key, string context) =>
        Json.Req(o, key, context) as JsonArray ?? throw new FormatException($"{context}.{key} must be an array");

    private static T Guard<T>(string what, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            throw new ValidationFailedException($"The REST catalog {what} JSON is malformed: {ex.Message}; send the shape the Iceberg REST OpenAPI defines.", ex);
        }
    }
}
