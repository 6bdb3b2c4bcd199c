using System.Buffers.Binary;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.DeltaLake.Scan;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.DeltaLake.DeletionVectors;

/// <summary>
/// Collects the deletion vectors of one operation and writes them into a single file at the table root,
/// <c>deletion_vector_&lt;uuid&gt;.bin</c>, per the protocol's "Deletion Vector Format": a format version byte (1),
/// then per vector a big-endian 4-byte size, the RoaringBitmapArray bytes and their big-endian CRC-32. Each vector's
/// descriptor has storage type <c>u</c> (the Z85-encoded UUID), the offset of its size prefix, its size and cardinality.
/// </summary>
internal sealed class DeletionVectorFileWriter
{
    private const byte FormatVersion = 1;
    private readonly MemoryStream _buffer = new();
    private readonly Guid _id = Guid.NewGuid();

    /// <summary>Starts an empty file.</summary>
    public DeletionVectorFileWriter()
    {
        _buffer.WriteByte(FormatVersion);
    }

    /// <summary>How many vectors were added.</summary>
    public int Count { get; private set; }

    /// <summary>The file's path relative to the table root.</summary>
    public string RelativePath => "deletion_vector_" + _id.ToString("D") + ".bin";

    /// <summary>The <c>pathOrInlineDv</c> of the file's vectors: the Z85-encoded UUID (no prefix).</summary>
    public string EncodedId => Z85.Encode(_id.ToByteArray(bigEndian: true));

    /// <summary>Appends a vector deleting <paramref name="rows"/> and returns its descriptor (valid once <see cref="WriteAsync"/> completed).</summary>
    public DeletionVectorDescriptor Add(IReadOnlyCollection<long> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var distinct = rows as IReadOnlySet<long> ?? new HashSet<long>(rows);
        var bitmap = RoaringBitmapArrayWriter.Serialize(distinct);
        var offset = checked((int)_buffer.Position);
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, bitmap.Length);
        _buffer.Write(word);
        _buffer.Write(bitmap);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Compute(bitmap));
        _buffer.Write(word);
        Count++;
        return new DeletionVectorDescriptor
        {
            StorageType = "u",
            PathOrInlineDv = EncodedId,
            Offset = offset,
            SizeInBytes = bitmap.Length,
            Cardinality = distinct.Count,
        };
    }

    /// <summary>Writes the file when it holds at least one vector.</summary>
    public async Task WriteAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (Count == 0)
        {
            return;
        }

        await store.PutAsync(RelativePath, _buffer.ToArray(), cancellationToken).ConfigureAwait(false);
    }
}
