using Orasi.Connectors.Predicates;

namespace Orasi.Connectors.Iceberg.Operations.Maintenance;

/// <summary>Options of <see cref="IcebergMaintenance.RewriteDataFilesAsync"/> (bin-pack compaction).</summary>
public sealed record IcebergRewriteDataFilesOptions
{
    /// <summary>The size output files aim for; default: table property <c>write.target-file-size-bytes</c>, else 512 MiB.</summary>
    public long? TargetFileSizeBytes { get; init; }

    /// <summary>A partition needs at least this many small files to be compacted (default 5). Files with deletes or of an older spec are always rewritten.</summary>
    public int MinInputFiles { get; init; } = 5;

    /// <summary>Only compact files that may hold rows matching this predicate (usually on partition columns); null: all files.</summary>
    public Predicate? Filter { get; init; }
}
