namespace Orasi.Connectors.DeltaLake.Log;

/// <summary>One recognised file of the Delta log.</summary>
/// <param name="Path">Path relative to the table root (e.g. <c>_delta_log/00000000000000000003.json</c>).</param>
/// <param name="Kind">What the file is.</param>
/// <param name="Version">The version (start version for compactions).</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="LastModified">Modification time reported by the store.</param>
internal sealed record LogFile(string Path, LogFileKind Kind, long Version, long Size, DateTimeOffset LastModified)
{
    /// <summary>Compactions: the last version covered.</summary>
    public long EndVersion { get; init; } = -1;

    /// <summary>Multi-part checkpoints: this part's 1-based number.</summary>
    public int Part { get; init; }

    /// <summary>Multi-part checkpoints: the total number of parts.</summary>
    public int Parts { get; init; }

    /// <summary>The file name without directories.</summary>
    public string FileName => Path[(Path.LastIndexOf('/') + 1)..];

    /// <summary>True for checkpoint kinds.</summary>
    public bool IsCheckpoint => Kind is LogFileKind.ClassicCheckpoint or LogFileKind.MultiPartCheckpoint or LogFileKind.V2Checkpoint;

    /// <summary>True when the file is Parquet (otherwise newline-delimited JSON).</summary>
    public bool IsParquet => Path.EndsWith(".parquet", StringComparison.Ordinal);
}
