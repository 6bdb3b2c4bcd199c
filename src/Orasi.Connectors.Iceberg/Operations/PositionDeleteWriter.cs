using System.Text;
using Apache.Arrow;
using Orasi.Connectors.Iceberg.IO;
using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Operations;

/// <summary>
/// Collects deleted row positions per data file and writes them as v2 position delete files: one file per data file
/// (so <c>referenced_data_file</c> is always set), columns <c>file_path</c> (id 2147483546) and <c>pos</c>
/// (id 2147483545) sorted by position, partitioned like the data file. Bounds of <c>file_path</c> are kept in full.
/// </summary>
internal sealed class PositionDeleteWriter
{
    public const int FilePathId = 2147483546;
    public const int PosId = 2147483545;

    /// <summary>The position delete file schema of the Iceberg spec.</summary>
    public static readonly IcebergSchema FileSchema = new(0,
    [
        new NestedField(FilePathId, "file_path", true, PrimitiveType.String),
        new NestedField(PosId, "pos", true, PrimitiveType.Long),
    ]);

    private readonly IcebergFileIO _io;
    private readonly TableMetadata _metadata;
    private readonly Dictionary<string, (DataFile File, SortedSet<long> Positions)> _byFile = new(StringComparer.Ordinal);

    public PositionDeleteWriter(IcebergFileIO io, TableMetadata metadata)
    {
        _io = io;
        _metadata = metadata;
    }

    /// <summary>True when no position was added.</summary>
    public bool IsEmpty => _byFile.Count == 0;

    /// <summary>Marks positions of <paramref name="dataFile"/> as deleted.</summary>
    public void Add(DataFile dataFile, IEnumerable<long> positions)
    {
        if (!_byFile.TryGetValue(dataFile.FilePath, out var entry))
        {
            entry = (dataFile, new SortedSet<long>());
            _byFile[dataFile.FilePath] = entry;
        }

        entry.Positions.UnionWith(positions);
    }

    /// <summary>Writes one delete file per data file, in file_path order.</summary>
    public async Task<IReadOnlyList<DataFile>> CompleteAsync(CancellationToken cancellationToken)
    {
        var result = new List<DataFile>();
        foreach (var (path, (dataFile, positions)) in _byFile.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (positions.Count == 0) continue;
            var batches = new List<RecordBatch>();
            const int chunk = 65_536;
            var all = positions.ToArray();
            for (var start = 0; start < all.Length; start += chunk)
            {
                var n = Math.Min(chunk, all.Length - start);
                var paths = new StringArray.Builder();
                var pos = new Int64Array.Builder();
                for (var i = 0; i < n; i++)
                {
                    paths.Append(path);
                    pos.Append(all[start + i]);
                }

                batches.Add(new RecordBatch(FileSchema.ToArrowSchema(), [paths.Build(), pos.Build()], n));
            }

            var file = await DeleteFileWriter.WriteAsync(_io, _metadata, FileSchema, batches, DataFileContent.PositionDeletes, dataFile.SpecId, dataFile.Partition, cancellationToken).ConfigureAwait(false);
            var pathBytes = Encoding.UTF8.GetBytes(path);
            var lower = new Dictionary<int, byte[]>(file.LowerBounds) { [FilePathId] = pathBytes, [PosId] = Conversions.ToBinary(PrimitiveType.Long, all[0]) };
            var upper = new Dictionary<int, byte[]>(file.UpperBounds) { [FilePathId] = pathBytes, [PosId] = Conversions.ToBinary(PrimitiveType.Long, all[^1]) };
            result.Add(file with { LowerBounds = lower, UpperBounds = upper, ReferencedDataFile = path });
        }

        return result;
    }
}
