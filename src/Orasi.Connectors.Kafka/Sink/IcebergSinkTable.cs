using System.Globalization;
using System.Text.Json;
using Apache.Arrow;
using Orasi.Connectors.Iceberg;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Connector;
using Orasi.Connectors.Iceberg.Operations;
using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Kafka.Sink;

/// <summary>
/// An Iceberg table as sink target. Every sink snapshot's summary carries the key
/// <c>orasi.kafka.offsets.{group}.{topic}</c> with a JSON object mapping each partition to its <em>next</em> offset
/// (the Kafka Connect convention), for all partitions of the group and topic known at that point, not only those of the
/// commit: the stored map is merged over the base's map on every attempt. Readers take the first snapshot carrying the
/// key while walking the current snapshot's ancestry (parent-snapshot-id chain), so one summary is enough even when a
/// partition has not been written for a long time and older snapshots were expired. Each commit attempt is validated
/// against its base: a partition's stored offset must still be the one the sink resumed from, else the attempt is
/// aborted, its files deleted, and the sink re-seeks.
/// </summary>
internal sealed class IcebergSinkTable(IcebergOptions iceberg, string group, string topic) : ISinkTable
{
    private IIcebergCatalog? _catalog;
    private bool _exists;

    public static string OffsetsKey(string group, string topic) => $"orasi.kafka.offsets.{group}.{topic}";

    /// <summary>Per partition, the next offset stored in the first snapshot of the current ancestry carrying the key (empty when none).</summary>
    public static Dictionary<int, long> NextOffsets(TableMetadata metadata, string key)
    {
        var byId = new Dictionary<long, Snapshot>();
        foreach (Snapshot s in metadata.Snapshots)
        {
            byId[s.SnapshotId] = s;
        }

        var seen = new HashSet<long>();
        for (long? id = metadata.CurrentSnapshotId; id is { } current && seen.Add(current) && byId.TryGetValue(current, out Snapshot? snapshot); id = snapshot.ParentSnapshotId)
        {
            if (snapshot.Summary.TryGetValue(key, out string? json))
            {
                return Parse(json, key, snapshot.SnapshotId);
            }
        }

        return [];
    }

    public static async Task<IReadOnlyDictionary<int, long>> ReadOffsetsAsync(IIcebergCatalog catalog, TableIdentifier table, string group, string topic, CancellationToken cancellationToken)
    {
        TableMetadata? metadata = await TryLoadAsync(catalog, table, cancellationToken).ConfigureAwait(false);
        return metadata is null ? new Dictionary<int, long>() : NextOffsets(metadata, OffsetsKey(group, topic)).ToDictionary(p => p.Key, p => p.Value - 1);
    }

    public async Task<Schema?> ReadSchemaAsync(CancellationToken cancellationToken)
    {
        IIcebergCatalog catalog = await CatalogAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            IcebergTable table = await catalog.LoadTableAsync(iceberg.Identifier, cancellationToken).ConfigureAwait(false);
            await using (table.ConfigureAwait(false))
            {
                return table.GetArrowSchema();
            }
        }
        catch (TableNotFoundException)
        {
            return null;
        }
    }

    public async Task<IReadOnlyDictionary<int, long>> ReadOffsetsAsync(CancellationToken cancellationToken) =>
        await ReadOffsetsAsync(await CatalogAsync(cancellationToken).ConfigureAwait(false), iceberg.Identifier, group, topic, cancellationToken).ConfigureAwait(false);

    public async Task<string> CommitAsync(IReadOnlyList<RecordBatch> batches, IReadOnlyList<SinkPartitionCommit> partitions, CancellationToken cancellationToken)
    {
        IIcebergCatalog catalog = await CatalogAsync(cancellationToken).ConfigureAwait(false);
        var normalized = batches.Select(ArrowNormalizer.Normalize).ToList();
        if (!_exists && normalized.Count > 0)
        {
            await IcebergConnector.EnsureTableAsync(catalog, iceberg, normalized[0].Schema, cancellationToken).ConfigureAwait(false);
            _exists = true;
        }

        string key = OffsetsKey(group, topic);
        var options = new IcebergAppendOptions { Validate = metadata => Validate(metadata, key, partitions) };
        IcebergCommitResult result = await catalog.AppendAsync(iceberg.Identifier, normalized, options, cancellationToken).ConfigureAwait(false);
        return string.Create(CultureInfo.InvariantCulture, $"snapshot {result.SnapshotId} (attempt {result.Attempts})");
    }

    public async ValueTask DisposeAsync()
    {
        if (_catalog is not null)
        {
            await _catalog.DisposeAsync().ConfigureAwait(false);
            _catalog = null;
        }
    }

    /// <summary>Checks the base's stored offsets against the expected ones and returns the merged map for the summary.</summary>
    internal static Dictionary<string, string> Validate(TableMetadata metadata, string key, IReadOnlyList<SinkPartitionCommit> partitions)
    {
        Dictionary<int, long> stored = NextOffsets(metadata, key);
        foreach (SinkPartitionCommit p in partitions)
        {
            long? storedLast = stored.TryGetValue(p.Partition, out long next) ? next - 1 : null;
            if (storedLast != p.ExpectedLast)
            {
                throw new CommitConflictException(string.Create(CultureInfo.InvariantCulture,
                    $"Partition {p.Partition} of '{key}' is at offset {(storedLast is { } s ? s + 1 : "(none)")} in the table, not {(p.ExpectedLast is { } e ? e + 1 : "(none)")} as this instance read; another instance committed these records, so this batch is dropped and the sink re-reads the table's offsets."));
            }

            stored[p.Partition] = p.Last + 1;
        }

        return new Dictionary<string, string>(StringComparer.Ordinal) { [key] = Serialize(stored) };
    }

    internal static string Serialize(IReadOnlyDictionary<int, long> nextOffsets)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (partition, next) in nextOffsets.OrderBy(p => p.Key))
            {
                json.WriteNumber(partition.ToString(CultureInfo.InvariantCulture), next);
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static Dictionary<int, long> Parse(string json, string key, long snapshotId)
    {
        try
        {
            var offsets = new Dictionary<int, long>();
            using JsonDocument document = JsonDocument.Parse(json);
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                offsets[int.Parse(property.Name, NumberStyles.None, CultureInfo.InvariantCulture)] = property.Value.GetInt64();
            }

            return offsets;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or OverflowException or InvalidOperationException)
        {
            throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture,
                $"Snapshot {snapshotId} has a malformed '{key}' summary property ({ex.Message}); it must be a JSON object of partition to next offset."), ex);
        }
    }

    private static async Task<TableMetadata?> TryLoadAsync(IIcebergCatalog catalog, TableIdentifier table, CancellationToken cancellationToken)
    {
        try
        {
            IcebergTable loaded = await catalog.LoadTableAsync(table, cancellationToken).ConfigureAwait(false);
            await using (loaded.ConfigureAwait(false))
            {
                return loaded.Metadata;
            }
        }
        catch (TableNotFoundException)
        {
            return null;
        }
    }

    private async Task<IIcebergCatalog> CatalogAsync(CancellationToken cancellationToken) =>
        _catalog ??= await IcebergCatalogFactory.OpenAsync(iceberg, cancellationToken).ConfigureAwait(false);
}
