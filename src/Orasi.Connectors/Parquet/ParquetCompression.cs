namespace Orasi.Connectors.Parquet;

/// <summary>The codec used for Parquet data pages.</summary>
public enum ParquetCompression
{
    /// <summary>No compression.</summary>
    None,

    /// <summary>Snappy: fast, moderate ratio; the most widely supported codec.</summary>
    Snappy,

    /// <summary>Gzip: slow, good ratio.</summary>
    Gzip,

    /// <summary>Zstandard: good ratio at good speed.</summary>
    Zstd,

    /// <summary>LZ4 as Parquet's <c>LZ4_RAW</c> codec (the one modern readers support; not the deprecated Hadoop LZ4 framing).</summary>
    Lz4,
}
