using Apache.Arrow;
using ParquetSharp;
using ParquetSharp.Arrow;

namespace Orasi.Benchmarks;

/// <summary>
/// The baseline of the write benchmarks: ParquetSharp's raw Arrow <see cref="FileWriter"/> writing batches to one file
/// with dictionary encoding, statistics, row groups of up to 1,048,576 rows and 1 MiB data pages (our writers' defaults).
/// </summary>
internal static class RawParquet
{
    /// <summary>Writes <paramref name="batches"/> to <paramref name="path"/>; returns the file's size.</summary>
    public static long Write(string path, IReadOnlyList<RecordBatch> batches, Compression compression)
    {
        using (var properties = new WriterPropertiesBuilder()
                   .Compression(compression)
                   .EnableDictionary()
                   .EnableStatistics()
                   .MaxRowGroupLength(1_048_576)
                   .DataPagesize(1024 * 1024)
                   .Build())
        using (var arrowProperties = new ArrowWriterPropertiesBuilder().StoreSchema().Build())
        using (var writer = new FileWriter(path, batches[0].Schema, properties, arrowProperties))
        {
            foreach (var batch in batches)
            {
                writer.WriteRecordBatch(batch);
            }

            writer.Close();
        }

        return new FileInfo(path).Length;
    }
}
