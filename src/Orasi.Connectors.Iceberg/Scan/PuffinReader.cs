using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Scan;

/// <summary>Reads the footer of a Puffin file: <c>Magic FooterPayload FooterPayloadSize Flags Magic</c> at the end.</summary>
public static class PuffinReader
{
    /// <summary>Parses the blob list of a whole Puffin file.</summary>
    /// <param name="file">The file's bytes.</param>
    /// <param name="source">The file's location, for error messages.</param>
    /// <exception cref="CorruptDataException">The magic, sizes or footer JSON are invalid.</exception>
    /// <exception cref="UnsupportedFeatureException">The footer is compressed.</exception>
    public static IReadOnlyList<PuffinBlob> ReadBlobs(ReadOnlySpan<byte> file, string source)
    {
        var magic = DeletionVectorReader.PuffinMagic;
        if (file.Length < 16 || !file[..4].SequenceEqual(magic) || !file[^4..].SequenceEqual(magic))
        {
            throw new CorruptDataException($"'{source}' is not a Puffin file (magic bytes missing); the file is corrupt or of another format.");
        }

        var flags = BinaryPrimitives.ReadInt32LittleEndian(file[^8..^4]);
        var payloadSize = BinaryPrimitives.ReadInt32LittleEndian(file[^12..^8]);
        var footerStart = file.Length - 12 - payloadSize - 4;
        if (payloadSize < 0 || footerStart < 4 || !file.Slice(footerStart, 4).SequenceEqual(magic))
        {
            throw new CorruptDataException($"Puffin file '{source}' has an invalid footer size {payloadSize}; the file is corrupt.");
        }

        if ((flags & 1) != 0)
        {
            throw new UnsupportedFeatureException($"Puffin file '{source}' has an LZ4-compressed footer, which this reader does not support yet.");
        }

        try
        {
            var root = Json.Obj(JsonNode.Parse(file.Slice(footerStart + 4, payloadSize)), "footer");
            var blobs = Json.Req(root, "blobs", "footer") as JsonArray ?? throw new FormatException("footer.blobs must be an array");
            return blobs.Select(n =>
            {
                var b = Json.Obj(n, "blob");
                var offset = Json.ReqLong(b, "offset", "blob");
                var length = Json.ReqLong(b, "length", "blob");
                if (offset < 4 || length < 0 || offset + length > footerStart)
                {
                    throw new FormatException($"blob at offset {offset} with length {length} lies outside the file's blob area");
                }

                return new PuffinBlob(
                    Json.ReqString(b, "type", "blob"),
                    (Json.Req(b, "fields", "blob") as JsonArray ?? throw new FormatException("blob.fields must be an array")).Select(i => Json.AsInt(i, "fields[]")).ToList(),
                    Json.ReqLong(b, "snapshot-id", "blob"),
                    Json.ReqLong(b, "sequence-number", "blob"),
                    offset,
                    length,
                    Json.OptString(b, "compression-codec"),
                    Json.StringMap(b["properties"], "blob.properties"));
            }).ToList();
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            throw new CorruptDataException($"Puffin file '{source}' has an invalid footer ({ex.Message}); the file is corrupt.", ex);
        }
    }
}
