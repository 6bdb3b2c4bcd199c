using System.Buffers.Binary;
using System.Globalization;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.DeltaLake.Scan;

/// <summary>
/// Loads the deleted row indexes of a deletion vector: inline (<c>i</c>, Z85 in the log), relative (<c>u</c>) or
/// absolute (<c>p</c>) files. A vector file starts with a version byte (1); at the descriptor's offset each vector is
/// a big-endian 4-byte size, the RoaringBitmapArray bytes and a big-endian CRC-32 of those bytes.
/// </summary>
internal static class DeletionVectorReader
{
    /// <summary>Returns the deleted row indexes in ascending order.</summary>
    /// <exception cref="CorruptDataException">The vector is missing, fails its checksum, or does not match its descriptor.</exception>
    public static async Task<long[]> ReadAsync(IObjectStore store, DeletionVectorDescriptor dv, string dataFile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(dv);
        long[] rows;
        if (dv.IsInline)
        {
            byte[] bytes;
            try
            {
                bytes = Z85.Decode(dv.PathOrInlineDv);
            }
            catch (FormatException ex)
            {
                throw new CorruptDataException($"The inline deletion vector of '{dataFile}' is not valid Z85 ({ex.Message}); the add action is corrupt.", ex);
            }

            if (bytes.Length < dv.SizeInBytes)
            {
                throw new CorruptDataException($"The inline deletion vector of '{dataFile}' decodes to {bytes.Length} bytes but declares {dv.SizeInBytes}; the add action is corrupt.");
            }

            rows = RoaringBitmapArray.Deserialize(bytes.AsSpan(0, dv.SizeInBytes), $"inline in the add action of '{dataFile}'");
        }
        else
        {
            var path = dv.StorageType switch
            {
                "u" => dv.RelativePath(),
                "p" => DeltaPaths.ToTablePath(dv.PathOrInlineDv, store.Root)
                    ?? throw new UnsupportedFeatureException($"The deletion vector '{dv.PathOrInlineDv}' of '{dataFile}' lies outside the table root '{store.Root}'; reading vectors from another location is not supported."),
                _ => throw new UnsupportedFeatureException($"The deletion vector of '{dataFile}' has the unknown storage type '{dv.StorageType}'; only u, i and p are supported."),
            };
            rows = await ReadFileAsync(store, path, dv, dataFile, cancellationToken).ConfigureAwait(false);
        }

        if (rows.LongLength != dv.Cardinality)
        {
            throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture,
                $"The deletion vector of '{dataFile}' holds {rows.LongLength} rows but its descriptor says {dv.Cardinality}; the vector or the log is corrupt."));
        }

        return rows;
    }

    private static async Task<long[]> ReadFileAsync(IObjectStore store, string path, DeletionVectorDescriptor dv, string dataFile, CancellationToken cancellationToken)
    {
        var offset = dv.Offset ?? 1;
        ReadOnlyMemory<byte> head;
        ReadOnlyMemory<byte> block;
        try
        {
            head = await store.GetRangeAsync(path, 0, 1, cancellationToken).ConfigureAwait(false);
            block = await store.GetRangeAsync(path, offset, dv.SizeInBytes + 8, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectNotFoundException ex)
        {
            throw new CorruptDataException($"The deletion vector file '{path}' of '{dataFile}' is missing; the table is damaged (was it vacuumed too aggressively?).", ex);
        }

        if (head.Length != 1 || head.Span[0] != 1)
        {
            throw new CorruptDataException($"The deletion vector file '{path}' does not start with format version 1; it is corrupt or written by a newer format.");
        }

        if (block.Length < dv.SizeInBytes + 8)
        {
            throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture,
                $"The deletion vector file '{path}' ends before the {dv.SizeInBytes}-byte vector at offset {offset}; it is truncated."));
        }

        var span = block.Span;
        var size = BinaryPrimitives.ReadInt32BigEndian(span);
        if (size != dv.SizeInBytes)
        {
            throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture,
                $"The deletion vector at offset {offset} of '{path}' is {size} bytes but the log says {dv.SizeInBytes}; the file or the log is corrupt."));
        }

        var data = span.Slice(4, size);
        var expected = BinaryPrimitives.ReadUInt32BigEndian(span[(4 + size)..]);
        var actual = Crc32.Compute(data);
        if (expected != actual)
        {
            throw new CorruptDataException(string.Create(CultureInfo.InvariantCulture,
                $"The deletion vector at offset {offset} of '{path}' fails its CRC-32 check; the file is corrupt."));
        }

        return RoaringBitmapArray.Deserialize(data, $"at offset {offset} of '{path}'");
    }
}
