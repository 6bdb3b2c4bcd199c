using System.Diagnostics;
using System.Runtime.CompilerServices;
using Apache.Arrow;
using Orasi.Connectors.Diagnostics;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.IO;
using Orasi.Connectors.Iceberg.Scan;
using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg;

/// <summary>
/// An Iceberg table loaded from a filesystem-catalog location (a table directory or a metadata file) on a local
/// path, <c>file://</c>, <c>s3://</c> or <c>memory://</c>: its metadata, snapshots, scans and metadata tables.
/// </summary>
/// <example>
/// <code>
/// await using var table = await IcebergTable.LoadAsync("s3://lake/db/events", storageOptions);
/// await foreach (var batch in table.ScanAsync(new IcebergScanOptions { Predicate = Predicate.Parse("id > 10") }))
/// { ... }
/// </code>
/// </example>
public sealed class IcebergTable : IAsyncDisposable
{

    private readonly IcebergFileIO _io;
    private readonly PathResolver _paths;
    private readonly ScanPlanner _planner;

    private IcebergTable(TableMetadata metadata, string metadataLocation, string tableRoot, IcebergFileIO io, PathResolver paths)
    {
        Metadata = metadata;
        MetadataLocation = metadataLocation;
        Location = tableRoot;
        _io = io;
        _paths = paths;
        _planner = new ScanPlanner(metadata, io, paths);
    }

    /// <summary>The parsed table metadata.</summary>
    public TableMetadata Metadata { get; }

    /// <summary>The metadata file the table was loaded from.</summary>
    public string MetadataLocation { get; }

    /// <summary>The table root the metadata was loaded from (may differ from <see cref="TableMetadata.Location"/> for moved tables).</summary>
    public string Location { get; }

    /// <summary>The current schema.</summary>
    public IcebergSchema Schema => Metadata.CurrentSchema;

    /// <summary>The current snapshot, or null for an empty table.</summary>
    public Snapshot? CurrentSnapshot => Metadata.CurrentSnapshot;

    /// <summary>All valid snapshots.</summary>
    public IReadOnlyList<Snapshot> Snapshots => Metadata.Snapshots;

    /// <summary>Loads a table from its directory (using <c>metadata/version-hint.text</c>, else the highest metadata version) or from a metadata file.</summary>
    /// <param name="tableLocationOrMetadataFile">A table directory or a <c>*.metadata.json</c> file: local path or URI.</param>
    /// <param name="storageOptions">Object store options (see the core <c>StorageOptions</c> keys).</param>
    /// <param name="options">Load options (relative path base).</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <exception cref="TableNotFoundException">No metadata is found at the location.</exception>
    /// <exception cref="CorruptDataException">The metadata file is invalid; the message names it.</exception>
    public static async Task<IcebergTable> LoadAsync(
        string tableLocationOrMetadataFile,
        IReadOnlyDictionary<string, string>? storageOptions = null,
        IcebergTableLoadOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableLocationOrMetadataFile);
        return await LoadAsync(tableLocationOrMetadataFile, new IcebergFileIO(storageOptions), options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads a table reading through <paramref name="io"/>, which the table then owns (disposed with it, or here on failure).</summary>
    internal static async Task<IcebergTable> LoadAsync(string tableLocationOrMetadataFile, IcebergFileIO io, IcebergTableLoadOptions? options, CancellationToken cancellationToken)
    {
        using var activity = Connector.IcebergTelemetry.Instruments.Source.StartActivity("iceberg.load");
        try
        {
            var (metadataFile, root) = await MetadataFileLocator.ResolveAsync(io, tableLocationOrMetadataFile, cancellationToken).ConfigureAwait(false);
            var bytes = await io.ReadAllAsync(metadataFile, cancellationToken).ConfigureAwait(false);
            var metadata = TableMetadataParser.Parse(bytes, metadataFile);
            var relativeBase = options?.RelativePathBase is { } b
                ? (b.Contains("://", StringComparison.Ordinal) ? b : Path.GetFullPath(b).Replace('\\', '/'))
                : null;
            activity?.SetTag("iceberg.metadata", metadataFile);
            return new IcebergTable(metadata, metadataFile, root, io, new PathResolver(metadata.Location, root, relativeBase));
        }
        catch
        {
            await io.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The snapshot a scan with these options reads (null for an empty table).</summary>
    /// <exception cref="ValidationFailedException">The snapshot id, time or ref does not exist.</exception>
    public Snapshot? ResolveSnapshot(IcebergScanOptions? options = null) => _planner.ResolveSnapshot(options ?? new IcebergScanOptions());

    /// <summary>The schema a scan with these options returns: the snapshot's schema for time travel by id or time, otherwise the current schema.</summary>
    public IcebergSchema ScanSchema(IcebergScanOptions? options = null)
    {
        options ??= new IcebergScanOptions();
        if ((options.SnapshotId is not null || options.AsOfTimestamp is not null) && ResolveSnapshot(options) is { } s)
        {
            return Metadata.SchemaFor(s);
        }

        return Metadata.CurrentSchema;
    }

    /// <summary>Plans the data files (with their deletes) a scan reads, after pruning.</summary>
    public async Task<IReadOnlyList<FileScanTask>> PlanFilesAsync(IcebergScanOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new IcebergScanOptions();
        var snapshot = ResolveSnapshot(options);
        if (snapshot is null)
        {
            return [];
        }

        var schema = ScanSchema(options);
        options.Predicate?.Validate(schema.ToArrowSchema());
        return await _planner.PlanAsync(snapshot, schema, options.Predicate, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The Arrow schema of a scan's batches.</summary>
    public Schema GetArrowSchema(IcebergScanOptions? options = null)
    {
        var fields = OutputFields(ScanSchema(options), options?.Columns);
        return new Schema(fields.Select(IcebergSchema.ToArrowField), null);
    }

    /// <summary>Reads the table's rows as Arrow batches in the scan schema, applying deletes and the predicate.</summary>
    /// <exception cref="ValidationFailedException">A column or snapshot does not exist, or the predicate does not fit the schema.</exception>
    /// <exception cref="CorruptDataException">A metadata or data file is invalid or missing.</exception>
    public async IAsyncEnumerable<RecordBatch> ScanAsync(IcebergScanOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new IcebergScanOptions();
        if (options.Limit is <= 0)
        {
            yield break;
        }

        var schema = ScanSchema(options);
        var output = OutputFields(schema, options.Columns);
        var tasks = await PlanFilesAsync(options, cancellationToken).ConfigureAwait(false);
        var reader = new TaskReader(schema, _io, _paths, NameMapping.FromProperties(Metadata.Properties));
        var remaining = options.Limit ?? long.MaxValue;
        foreach (var task in tasks)
        {
            await foreach (var batch in reader.ReadAsync(task, output, options.Predicate, options.BatchSize, cancellationToken).ConfigureAwait(false))
            {
                if (batch.Length >= remaining)
                {
                    yield return batch.Length == remaining ? batch : batch.Slice(0, (int)remaining);
                    yield break;
                }

                remaining -= batch.Length;
                yield return batch;
            }
        }
    }

    /// <summary>The manifests of a snapshot (default: current), from its manifest list.</summary>
    public async Task<IReadOnlyList<ManifestFile>> ManifestsAsync(long? snapshotId = null, CancellationToken cancellationToken = default)
    {
        var snapshot = snapshotId is { } id ? _planner.ResolveSnapshot(new IcebergScanOptions { SnapshotId = id }) : CurrentSnapshot;
        return snapshot is null ? [] : await _planner.ReadManifestListAsync(snapshot, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The live (added or existing) data and delete file entries of a snapshot (default: current).</summary>
    public async Task<IReadOnlyList<ManifestEntry>> EntriesAsync(long? snapshotId = null, CancellationToken cancellationToken = default)
    {
        var result = new List<ManifestEntry>();
        foreach (var manifest in await ManifestsAsync(snapshotId, cancellationToken).ConfigureAwait(false))
        {
            foreach (var e in await _planner.ReadManifestAsync(manifest, cancellationToken).ConfigureAwait(false))
            {
                if (e.Status != ManifestEntryStatus.Deleted) result.Add(e);
            }
        }

        return result;
    }

    /// <summary>The <c>snapshots</c> metadata table.</summary>
    public RecordBatch SnapshotsTable() => MetadataTables.Snapshots(Metadata);

    /// <summary>The <c>history</c> metadata table.</summary>
    public RecordBatch HistoryTable() => MetadataTables.History(Metadata);

    /// <summary>The <c>refs</c> metadata table.</summary>
    public RecordBatch RefsTable() => MetadataTables.Refs(Metadata);

    /// <summary>The <c>manifests</c> metadata table of the current snapshot.</summary>
    public async Task<RecordBatch> ManifestsTableAsync(CancellationToken cancellationToken = default) =>
        MetadataTables.Manifests(await ManifestsAsync(null, cancellationToken).ConfigureAwait(false));

    /// <summary>The <c>files</c> metadata table (live data and delete files) of the current snapshot.</summary>
    public async Task<RecordBatch> FilesTableAsync(CancellationToken cancellationToken = default) =>
        MetadataTables.Files(await EntriesAsync(null, cancellationToken).ConfigureAwait(false));

    /// <summary>The <c>partitions</c> metadata table of the current snapshot.</summary>
    public async Task<RecordBatch> PartitionsTableAsync(CancellationToken cancellationToken = default) =>
        MetadataTables.Partitions(await EntriesAsync(null, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _io.DisposeAsync();

    private static List<NestedField> OutputFields(IcebergSchema schema, IReadOnlyList<string>? columns)
    {
        if (columns is null)
        {
            return schema.Fields.ToList();
        }

        return columns.Select(c => schema.FindTopLevelField(c)
            ?? throw new ValidationFailedException($"Column '{c}' does not exist in the table schema; available columns: {string.Join(", ", schema.Fields.Select(f => f.Name))}.")).ToList();
    }
}
