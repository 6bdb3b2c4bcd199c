using System.Globalization;
using System.Runtime.CompilerServices;
using Apache.Arrow;
using Orasi.Connectors.Iceberg;
using Orasi.Connectors.Iceberg.Scan;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Predicates;

namespace Orasi.Cli.Tables;

/// <summary>An Apache Iceberg table opened by the CLI (a table directory or a <c>*.metadata.json</c> file).</summary>
internal sealed class IcebergTableHandle(IcebergTable table) : ITableHandle
{
    public string FormatName => "iceberg";

    public IcebergTable Table => table;

    public static async Task<IcebergTableHandle> OpenAsync(string uri, IReadOnlyDictionary<string, string> storageOptions, CancellationToken cancellationToken) =>
        new(await IcebergTable.LoadAsync(uri, storageOptions, cancellationToken: cancellationToken).ConfigureAwait(false));

    /// <summary>Scan options for a time-travel request: <c>--version</c> is a snapshot id, <c>--timestamp</c> a point in time.</summary>
    public static IcebergScanOptions Options(TimeTravel travel) => new() { SnapshotId = travel.Version, AsOfTimestamp = travel.Timestamp };

    public Task<IScanSource> OpenScanAsync(TimeTravel travel, CancellationToken cancellationToken)
    {
        var options = Options(travel);
        _ = table.ResolveSnapshot(options); // fails now, clearly, for an unknown snapshot id or a time before the first snapshot
        return Task.FromResult<IScanSource>(new SnapshotScanSource(table, options));
    }

    public async Task<TableDescription> DescribeAsync(TimeTravel travel, CancellationToken cancellationToken)
    {
        var options = Options(travel);
        var snapshot = table.ResolveSnapshot(options);
        var entries = snapshot is null
            ? []
            : (await table.EntriesAsync(snapshot.SnapshotId, cancellationToken).ConfigureAwait(false)).Where(e => e.Status != ManifestEntryStatus.Deleted).ToList();
        var metadata = table.Metadata;
        var spec = metadata.DefaultSpec;
        var schema = table.ScanSchema(options);
        var partitioning = spec.Fields
            .Select(f => $"{f.Transform}({schema.FindField(f.SourceId)?.Name ?? f.SourceId.ToString(CultureInfo.InvariantCulture)}) as {f.Name}")
            .ToList();
        var protocol = new List<KeyValuePair<string, string>>
        {
            new("format-version", metadata.FormatVersion.ToString(CultureInfo.InvariantCulture)),
            new("table-uuid", metadata.TableUuid?.ToString() ?? ""),
            new("current-schema-id", metadata.CurrentSchemaId.ToString(CultureInfo.InvariantCulture)),
            new("default-spec-id", metadata.DefaultSpecId.ToString(CultureInfo.InvariantCulture)),
            new("snapshots", metadata.Snapshots.Count.ToString(CultureInfo.InvariantCulture)),
            new("metadata-file", table.MetadataLocation),
        };
        var dataFiles = entries.Where(e => e.DataFile.Content == DataFileContent.Data).ToList();
        var deleteFiles = entries.Count - dataFiles.Count;
        if (deleteFiles > 0)
        {
            protocol.Add(new("delete-files", deleteFiles.ToString(CultureInfo.InvariantCulture)));
        }

        return new TableDescription(
            "iceberg",
            table.Location,
            snapshot?.SnapshotId.ToString(CultureInfo.InvariantCulture),
            table.GetArrowSchema(options),
            partitioning,
            protocol,
            metadata.Properties,
            dataFiles.Count,
            dataFiles.Sum(e => e.DataFile.FileSizeInBytes));
    }

    public Task<IReadOnlyList<TableHistoryEntry>> HistoryAsync(int? limit, CancellationToken cancellationToken)
    {
        IEnumerable<Snapshot> snapshots = table.Snapshots.OrderByDescending(s => s.TimestampMs).ThenByDescending(s => s.SequenceNumber);
        if (limit is { } n)
        {
            snapshots = snapshots.Take(n);
        }

        IReadOnlyList<TableHistoryEntry> history = snapshots.Select(s => new TableHistoryEntry(
            s.SnapshotId.ToString(CultureInfo.InvariantCulture),
            s.Timestamp,
            s.Operation,
            s.Summary.Where(p => p.Key != "operation").ToDictionary(p => p.Key, p => p.Value),
            s.ParentSnapshotId is { } parent ? $"{{\"parent-snapshot-id\":{parent}}}" : null)).ToList();
        return Task.FromResult(history);
    }

    public ValueTask DisposeAsync() => table.DisposeAsync();

    private sealed class SnapshotScanSource(IcebergTable table, IcebergScanOptions options) : IScanSource
    {
        public string FormatName => "iceberg";

        public Schema Schema => table.GetArrowSchema(options);

        public async IAsyncEnumerable<RecordBatch> ScanAsync(IReadOnlyList<string>? columns, Predicate? filter, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var batch in table.ScanAsync(options with { Columns = columns, Predicate = filter }, cancellationToken).ConfigureAwait(false))
            {
                yield return batch;
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
