using Orasi.Connectors.Parquet;

namespace Orasi.Connectors.DeltaLake.Writing;

/// <summary>How <see cref="DeltaDataFileWriter"/> lays out data files.</summary>
internal sealed record DataFileWriterOptions
{
    /// <summary>The default target file size: 128 MiB.</summary>
    public const long DefaultTargetFileSize = 128L * 1024 * 1024;

    /// <summary>Files are closed once about this many bytes were written to them.</summary>
    public long TargetFileSize { get; init; } = DefaultTargetFileSize;

    /// <summary>The Parquet codec.</summary>
    public ParquetCompression Compression { get; init; } = ParquetCompression.Snappy;

    /// <summary>Maximum rows per row group.</summary>
    public long RowGroupSize { get; init; } = 1_048_576;

    /// <summary>The <c>dataChange</c> flag of the add actions.</summary>
    public bool DataChange { get; init; } = true;

    /// <summary>A directory prefix for the files, relative to the table root (e.g. <c>_change_data/</c>); empty by default.</summary>
    public string PathPrefix { get; init; } = string.Empty;
}
