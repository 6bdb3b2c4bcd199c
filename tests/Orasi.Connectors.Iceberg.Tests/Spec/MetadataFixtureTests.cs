using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Iceberg.Tests.Support;

namespace Orasi.Connectors.Iceberg.Tests.Spec;

/// <summary>Every table-metadata fixture under corpora/iceberg/fixtures: invalid ones (by name) are refused, the rest parse and round-trip.</summary>
public sealed class MetadataFixtureTests
{
    private static readonly string[] InvalidMarkers = ["Invalid", "Missing", "Bad", "Unsupported", "NotFound", "NoValid", "Without"];

    public static TheoryData<string> TableMetadataFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Corpus.Fixtures, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            var relative = Path.GetRelativePath(Corpus.Fixtures, file);
            // Views, Avro schemas and bare schemas are not table metadata.
            if (name.Contains("View", StringComparison.OrdinalIgnoreCase) || relative.Contains("view", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("avro_schema", StringComparison.Ordinal) || name.StartsWith("geo-schema", StringComparison.Ordinal))
            {
                continue;
            }

            data.Add(relative);
        }

        return data;
    }

    public static bool IsInvalidByName(string name) => InvalidMarkers.Any(m => name.Contains(m, StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(TableMetadataFixtures))]
    public void Fixture_is_refused_or_parsed_by_name(string relative)
    {
        var path = Path.Combine(Corpus.Fixtures, relative);
        var bytes = File.ReadAllBytes(path);
        if (IsInvalidByName(Path.GetFileName(relative)))
        {
            var ex = Assert.ThrowsAny<ConnectorException>(() => TableMetadataParser.Parse(bytes, path));
            Assert.True(ex is CorruptDataException or UnsupportedFeatureException, ex.GetType().Name);
            Assert.Contains(path, ex.Message + (ex is UnsupportedFeatureException ? path : string.Empty), StringComparison.Ordinal);
            return;
        }

        if (relative.EndsWith(".zstd.metadata.json", StringComparison.Ordinal))
        {
            // zstd-compressed metadata: refused clearly until a zstd codec is available.
            var ex = Assert.Throws<UnsupportedFeatureException>(() => TableMetadataParser.Parse(bytes, path));
            Assert.Contains("zstd", ex.Message, StringComparison.Ordinal);
            return;
        }

        var metadata = TableMetadataParser.Parse(bytes, path);
        Assert.InRange(metadata.FormatVersion, 1, 3);
        Assert.NotNull(metadata.CurrentSchema);
        Assert.NotNull(metadata.DefaultSpec);

        // Canonical writing is stable: parse(write(m)) writes the same text.
        var written = TableMetadataParser.Write(metadata);
        var reparsed = TableMetadataParser.Parse(written, path);
        Assert.Equal(written, TableMetadataParser.Write(reparsed));
        Assert.Equal(metadata.CurrentSnapshotId, reparsed.CurrentSnapshotId);
        Assert.Equal(metadata.Snapshots.Count, reparsed.Snapshots.Count);
        Assert.Equal(metadata.LastColumnId, reparsed.LastColumnId);
    }
}
