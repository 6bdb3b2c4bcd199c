namespace Orasi.Connectors.Parquet;

/// <summary>How <see cref="ParquetBatchWriter"/> lays out and encodes a Parquet file.</summary>
public sealed record ParquetWriteOptions
{
    /// <summary>The defaults: Snappy, 1,048,576 rows per row group, dictionary encoding and statistics on, 1 MiB data pages.</summary>
    public static ParquetWriteOptions Default { get; } = new();

    /// <summary>The codec for data pages. Default <see cref="ParquetCompression.Snappy"/>.</summary>
    public ParquetCompression Compression { get; init; } = ParquetCompression.Snappy;

    /// <summary>The codec's level (e.g. 1–22 for Zstd, 1–9 for Gzip); null uses the codec's default.</summary>
    public int? CompressionLevel { get; init; }

    /// <summary>The most rows in one row group; larger batches are split across row groups. Default 1,048,576.</summary>
    public long RowGroupSize { get; init; } = 1_048_576;

    /// <summary>Whether to dictionary-encode columns (falling back to plain encoding when the dictionary grows too large). Default true.</summary>
    public bool EnableDictionary { get; init; } = true;

    /// <summary>Whether to write min/max/null-count statistics into the file footer. Default true.</summary>
    public bool WriteStatistics { get; init; } = true;

    /// <summary>The target size in bytes of one data page before compression. Default 1 MiB.</summary>
    public long DataPageSize { get; init; } = 1024 * 1024;

    /// <summary>The <c>created_by</c> string of the footer; null keeps the Parquet library's own.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ValidationFailedException">A size is not positive or the codec is unknown.</exception>
    public void Validate()
    {
        if (RowGroupSize <= 0)
        {
            throw new ValidationFailedException($"Parquet option RowGroupSize is {RowGroupSize}; set it to a positive number of rows.");
        }

        if (DataPageSize <= 0)
        {
            throw new ValidationFailedException($"Parquet option DataPageSize is {DataPageSize}; set it to a positive number of bytes.");
        }

        if (!Enum.IsDefined(Compression))
        {
            throw new ValidationFailedException($"Parquet option Compression is {(int)Compression}, which is not a known codec; use None, Snappy, Gzip, Zstd or Lz4.");
        }
    }
}
