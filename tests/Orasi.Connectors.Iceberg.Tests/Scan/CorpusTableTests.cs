using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Iceberg.Tests.Support;
using Orasi.Testing.DuckDb;

namespace Orasi.Connectors.Iceberg.Tests.Scan;

/// <summary>Every table under duckdb-iceberg/data/persistent: the scan succeeds and its row count matches an independent count.</summary>
public sealed class CorpusTableTests
{
    /// <summary>Tables that must be refused, with the reason.</summary>
    private static readonly Dictionary<string, string> MustFail = new(StringComparer.Ordinal)
    {
        ["legacy_bare_deletion_vector/warehouse/default/legacy_bare_deletion_vector"] = "Puffin",
    };

    public static TheoryData<string> Tables()
    {
        var root = Corpus.Persistent(string.Empty);
        var data = new TheoryData<string>();
        foreach (var metadataDir in Directory.EnumerateDirectories(root, "metadata", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (Directory.EnumerateFiles(metadataDir, "*.metadata.json").Any())
            {
                data.Add(Path.GetRelativePath(root, Path.GetDirectoryName(metadataDir)!).Replace('\\', '/'));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public async Task Table_scans_and_counts_match(string relative)
    {
        if (relative == "generated_bounds")
        {
            // Its data files live on a fake S3 bucket: only planning is checked here (see GeneratedBoundsTests).
            await using var planned = await TableReader.LoadAsync(relative);
            Assert.NotEmpty(await planned.PlanFilesAsync());
            return;
        }

        if (MustFail.TryGetValue(relative, out var reason))
        {
            var ex = await Assert.ThrowsAnyAsync<ConnectorException>(async () =>
            {
                await using var t = await TableReader.LoadAsync(relative);
                await TableReader.CountAsync(t);
            });
            Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
            return;
        }

        await using var table = await TableReader.LoadAsync(relative);
        var count = await TableReader.CountAsync(table);
        var entries = await table.EntriesAsync();
        var dataFiles = entries.Where(e => e.DataFile.Content == DataFileContent.Data).ToList();
        var positionDeletes = entries.Where(e => e.DataFile.Content == DataFileContent.PositionDeletes).Sum(e => e.DataFile.RecordCount);
        var hasEquality = entries.Any(e => e.DataFile.Content == DataFileContent.EqualityDeletes);
        var total = dataFiles.Sum(e => e.DataFile.RecordCount);
        if (!hasEquality)
        {
            Assert.Equal(total - positionDeletes, count);
        }
        else
        {
            Assert.InRange(count, 0, total);
        }

        if (dataFiles.Count > 0 && !hasEquality && positionDeletes == 0)
        {
            using var duck = new DuckDbReader();
            var paths = dataFiles.Select(e => Resolve(relative, table, e.DataFile.FilePath)).ToList();
            var list = "[" + string.Join(", ", paths.Select(DuckDbReader.Literal)) + "]";
            var expected = Convert.ToInt64(duck.Query($"select count(*) from read_parquet({list})")[0][0], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(expected, count);
        }
    }

    private static string Resolve(string relative, IcebergTable table, string filePath)
    {
        var declared = table.Metadata.Location.Replace("file://", string.Empty, StringComparison.Ordinal).TrimStart('.', '/');
        var p = filePath.Replace("file://", string.Empty, StringComparison.Ordinal).TrimStart('.', '/');
        return p.StartsWith(declared, StringComparison.Ordinal)
            ? Path.Combine(Corpus.Persistent(relative), p[declared.Length..].TrimStart('/'))
            : Path.Combine(Corpus.DuckDbIceberg, p);
    }
}
