using Apache.Arrow;
using Orasi.Connectors.DeltaLake.Log;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.DeltaLake.Scan;
using Orasi.Connectors.Storage;
using StructType = Orasi.Connectors.DeltaLake.Protocol.StructType;

namespace Orasi.Connectors.DeltaLake;

/// <summary>
/// A Delta table at one version: its schema, partitioning, properties, protocol and live files, and a scan that
/// streams its rows as Arrow record batches. Obtain one from <see cref="DeltaTable"/>; it stays valid while the
/// table is open.
/// </summary>
public sealed class DeltaSnapshot
{
    private readonly ScanContext _context;

    internal DeltaSnapshot(IObjectStore store, TableState state)
    {
        State = state;
        _context = new ScanContext(state.Metadata, store.Root.ToString());
        Files = state.Files.Values.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        Scanner = new DeltaScanner(store, _context, Files);
    }

    /// <summary>The latest <c>txn</c> action per application id (idempotent and exactly-once writers resume from these versions).</summary>
    public IReadOnlyDictionary<string, SetTransaction> Transactions => State.Transactions;

    /// <summary>The table version.</summary>
    public long Version => State.Version;

    /// <summary>The table schema in Arrow form with logical (display) column names, as scans return it.</summary>
    public Schema Schema => _context.ArrowSchema;

    /// <summary>The table schema in Delta form, with column metadata (column mapping, generation expressions…).</summary>
    public StructType DeltaSchema => _context.Schema;

    /// <summary>The partition column names, in order.</summary>
    public IReadOnlyList<string> PartitionColumns => State.Metadata.PartitionColumns;

    /// <summary>The table properties (<c>metaData.configuration</c>), such as <c>delta.columnMapping.mode</c>.</summary>
    public IReadOnlyDictionary<string, string> Properties => State.Metadata.Configuration;

    /// <summary>The protocol action in force.</summary>
    public ProtocolAction Protocol => State.Protocol;

    /// <summary>The metadata action in force.</summary>
    public Metadata Metadata => State.Metadata;

    /// <summary>The live logical files (data file plus optional deletion vector), ordered by path.</summary>
    public IReadOnlyList<AddFile> Files { get; }

    /// <summary>How many live files the snapshot has.</summary>
    public int FileCount => Files.Count;

    /// <summary>The total size in bytes of the live data files.</summary>
    public long TotalFileSize => Files.Sum(f => f.Size);

    internal TableState State { get; }

    internal DeltaScanner Scanner { get; }

    /// <summary>
    /// Streams the snapshot's rows: files are pruned by partition values and statistics, deletion vectors applied,
    /// columns mapped to logical names and cast to <see cref="Schema"/>'s types, rows filtered by the predicate and
    /// the limit honoured.
    /// </summary>
    /// <param name="options">Columns, predicate, limit and batch size; null reads everything.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    /// <exception cref="ValidationFailedException">A column does not exist or a predicate literal does not fit its column.</exception>
    /// <exception cref="UnsupportedFeatureException">A data file uses a type or layout this library cannot read yet.</exception>
    /// <exception cref="CorruptDataException">A data file or deletion vector is missing or damaged.</exception>
    public IAsyncEnumerable<RecordBatch> ScanAsync(DeltaScanOptions? options = null, CancellationToken cancellationToken = default) =>
        Scanner.ScanAsync(options ?? DeltaScanOptions.Default, cancellationToken);
}
