using System.Globalization;
using System.Text.Json;

namespace Orasi.Connectors.S3Parquet.Writing;

/// <summary>The JSON manifest written per flush (<c>_manifests/{writer}-{sequence}.json</c>), and its reader.</summary>
internal static class FlushManifest
{
    /// <summary>Directory of the manifests under the dataset root.</summary>
    public const string Directory = "_manifests";

    /// <summary>The manifest path of a flush.</summary>
    public static string PathOf(string writerId, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{Directory}/{writerId}-{sequence:D8}.json");

    /// <summary>Serializes a flush: writer, sequence, time, totals and every file with partition, rows and bytes.</summary>
    public static byte[] Serialize(string writerId, long sequence, DateTimeOffset createdAt, IReadOnlyList<DatasetFile> files)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("writer_id", writerId);
            json.WriteNumber("sequence", sequence);
            json.WriteString("created_at", createdAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            json.WriteNumber("file_count", files.Count);
            json.WriteNumber("row_count", files.Sum(f => f.RowCount));
            json.WriteNumber("size_bytes", files.Sum(f => f.SizeBytes));
            json.WriteStartArray("files");
            foreach (var file in files)
            {
                json.WriteStartObject();
                json.WriteString("path", file.Path);
                json.WriteString("partition", file.Partition);
                json.WriteNumber("row_count", file.RowCount);
                json.WriteNumber("size_bytes", file.SizeBytes);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads the files listed in a manifest.</summary>
    /// <exception cref="CorruptDataException">The manifest is not valid.</exception>
    public static IReadOnlyList<DatasetFile> Parse(ReadOnlyMemory<byte> content, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            return document.RootElement.GetProperty("files").EnumerateArray()
                .Select(f => new DatasetFile(
                    f.GetProperty("path").GetString()!,
                    f.GetProperty("partition").GetString()!,
                    f.GetProperty("row_count").GetInt64(),
                    f.GetProperty("size_bytes").GetInt64()))
                .ToArray();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new CorruptDataException($"The flush manifest '{path}' is not valid JSON of the expected shape; delete it or rewrite it.", ex);
        }
    }
}
