using System.Runtime.CompilerServices;
using Apache.Arrow;
using Orasi.Connectors.DeltaLake;
using Orasi.Connectors.DeltaLake.Scan;
using Orasi.Connectors.Predicates;

namespace Orasi.Cli.Tables;

/// <summary>A Delta Lake table opened by the CLI.</summary>
internal sealed class DeltaTableHandle(DeltaTable table) : ITableHandle
{
    public string FormatName => "delta";

    public DeltaTable Table => table;

    public static async Task<DeltaTableHandle> OpenAsync(string uri, IReadOnlyDictionary<string, string> storageOptions, CancellationToken cancellationToken) =>
        new(await DeltaTable.OpenAsync(uri, storageOptions, cancellationToken).ConfigureAwait(false));

    public async Task<DeltaSnapshot> SnapshotAsync(TimeTravel travel, CancellationToken cancellationToken) => travel switch
    {
        { Timestamp: { } at } => await table.GetSnapshotAtTimestampAsync(at, cancellationToken).ConfigureAwait(false),
        _ => await table.GetSnapshotAsync(travel.Version, cancellationToken).ConfigureAwait(false),
    };

    public async Task<IScanSource> OpenScanAsync(TimeTravel travel, CancellationToken cancellationToken) =>
        new SnapshotScanSource(await SnapshotAsync(travel, cancellationToken).ConfigureAwait(false));

    public async Task<TableDescription> DescribeAsync(TimeTravel travel, CancellationToken cancellationToken)
    {
        var snapshot = await SnapshotAsync(travel, cancellationToken).ConfigureAwait(false);
        var protocol = new List<KeyValuePair<string, string>>
        {
            new("minReaderVersion", snapshot.Protocol.MinReaderVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("minWriterVersion", snapshot.Protocol.MinWriterVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (snapshot.Protocol.ReaderFeatures is { Count: > 0 } readerFeatures)
        {
            protocol.Add(new("readerFeatures", string.Join(",", readerFeatures)));
        }

        if (snapshot.Protocol.WriterFeatures is { Count: > 0 } writerFeatures)
        {
            protocol.Add(new("writerFeatures", string.Join(",", writerFeatures)));
        }

        return new TableDescription(
            "delta",
            table.Location.ToString(),
            snapshot.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            snapshot.Schema,
            snapshot.PartitionColumns,
            protocol,
            snapshot.Properties,
            snapshot.FileCount,
            snapshot.TotalFileSize);
    }

    public async Task<IReadOnlyList<TableHistoryEntry>> HistoryAsync(int? limit, CancellationToken cancellationToken)
    {
        var history = await table.HistoryAsync(limit, cancellationToken).ConfigureAwait(false);
        return history.Select(h => new TableHistoryEntry(
            h.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            h.Timestamp,
            h.Operation,
            h.OperationParameters,
            h.CommitInfo is not null && h.CommitInfo.AdditionalFields.TryGetValue("operationMetrics", out var metrics) ? metrics.GetRawText() : null)).ToList();
    }

    public ValueTask DisposeAsync() => table.DisposeAsync();

    private sealed class SnapshotScanSource(DeltaSnapshot snapshot) : IScanSource
    {
        public string FormatName => "delta";

        public Schema Schema => snapshot.Schema;

        public async IAsyncEnumerable<RecordBatch> ScanAsync(IReadOnlyList<string>? columns, Predicate? filter, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var batch in snapshot.ScanAsync(new DeltaScanOptions { Columns = columns, Predicate = filter }, cancellationToken).ConfigureAwait(false))
            {
                yield return batch;
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
