using System.Text.Json;
using Apache.Arrow;
using Orasi.Connectors.DeltaLake.Tests.Support;
using Xunit.Abstractions;

namespace Orasi.Connectors.DeltaLake.Tests.Conformance;

/// <summary>
/// Conformance sweep over every Delta table in the shared corpora (discovered at run time): open, load the latest
/// snapshot, scan all rows; either it reads (and the row count agrees with the log's statistics) or it fails with the
/// <see cref="ConnectorException"/> subtype listed in <see cref="ExpectedOutcomes"/>. Older versions are scanned too.
/// </summary>
public class CorpusSweepTests(ITestOutputHelper output)
{
    private const int MaxOlderVersionsPerTable = 4;

    public static TheoryData<string> Tables()
    {
        var data = new TheoryData<string>();
        foreach (var id in CorpusTables.All())
        {
            data.Add(id);
        }

        return data;
    }

    public static TheoryData<string> TablesWithHistory()
    {
        var data = new TheoryData<string>();
        foreach (var id in CorpusTables.All())
        {
            if (ExpectedOutcomes.For(id) is { Exception: not null })
            {
                continue;
            }

            if (CorpusTables.ReconstructableVersions(id).Count > 1)
            {
                data.Add(id);
            }
        }

        return data;
    }

    [Fact]
    public void The_corpus_is_discovered()
    {
        var all = CorpusTables.All();
        Assert.True(all.Count >= 280, $"expected at least 280 Delta tables under {CorpusTables.DeltaRoot}, found {all.Count}.");
        foreach (var id in ExpectedOutcomes.Latest.Keys.Concat(ExpectedOutcomes.OlderVersions.Keys))
        {
            Assert.True(all.Contains(id), $"ExpectedOutcomes lists '{id}', which is not in the corpus any more.");
        }
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public async Task Latest_snapshot_reads_or_fails_as_expected(string id)
    {
        var expected = ExpectedOutcomes.For(id);
        var name = Path.GetFileName(id == "" ? id : id.EndsWith("/delta", StringComparison.Ordinal) ? id[..^6] : id);
        if (expected is null && ExpectedOutcomes.NegativeNameFragments.Any(f => name.Contains(f, StringComparison.Ordinal)))
        {
            Assert.Fail($"{id}: the name suggests a negative property; classify it explicitly in ExpectedOutcomes.Latest.");
        }

        var (result, error) = await TryReadAsync(id, version: null);
        if (expected?.Exception is { } type)
        {
            Assert.True(error is not null, $"{id}: expected {type.Name} ({expected.Reason}) but it read {result?.Rows} rows.");
            Assert.True(error.GetType() == type, $"{id}: expected {type.Name} ({expected.Reason}) but got {error}");
            if (expected.MessageContains is { } text)
            {
                Assert.Contains(text, error.Message, StringComparison.Ordinal);
            }

            output.WriteLine($"{id}: {type.Name}: {error.Message}");
            return;
        }

        Assert.True(error is null, $"{id}: unexpected {error}");
        output.WriteLine($"{id}: v{result!.Version}, {result.Rows} rows");
        AssertRowCountMatchesStatistics(id, result);
    }

    [Theory]
    [MemberData(nameof(TablesWithHistory))]
    public async Task Older_versions_read(string id)
    {
        var versions = CorpusTables.ReconstructableVersions(id);
        var older = versions.Take(versions.Count - 1).ToList();
        var picked = older.Count <= MaxOlderVersionsPerTable
            ? older
            : Enumerable.Range(0, MaxOlderVersionsPerTable).Select(i => older[(int)((long)i * (older.Count - 1) / (MaxOlderVersionsPerTable - 1))]).Distinct().ToList();
        ExpectedOutcomes.OlderVersions.TryGetValue(id, out var expected);
        var failures = 0;
        foreach (var version in picked)
        {
            var (result, error) = await TryReadAsync(id, version);
            if (error is not null && expected?.Exception is { } type)
            {
                Assert.True(error.GetType() == type, $"{id}@v{version}: expected {type.Name} ({expected.Reason}) but got {error}");
                Assert.Contains(expected.MessageContains ?? string.Empty, error.Message, StringComparison.Ordinal);
                failures++;
                continue;
            }

            Assert.True(error is null, $"{id}@v{version}: unexpected {error}");
            Assert.Equal(version, result!.Version);
            AssertRowCountMatchesStatistics($"{id}@v{version}", result);
        }

        if (expected is not null)
        {
            Assert.True(failures > 0, $"{id}: ExpectedOutcomes.OlderVersions says older versions fail ({expected.Reason}), but versions {string.Join(", ", picked)} all read.");
        }
    }

    private static void AssertRowCountMatchesStatistics(string label, ReadResult result)
    {
        if (result.StatsRows is { } fromStats && !ExpectedOutcomes.RowCountDiffersFromStatistics.Contains(label))
        {
            Assert.True(fromStats == result.Rows, $"{label}: scanned {result.Rows} rows but the log's numRecords minus deletion-vector cardinalities add up to {fromStats}.");
        }
    }

    internal sealed record ReadResult(long Version, long Rows, long? StatsRows);

    internal static async Task<(ReadResult? Result, Exception? Error)> TryReadAsync(string id, long? version)
    {
        try
        {
            await using var table = await DeltaTable.OpenAsync(CorpusTables.PathOf(id));
            var snapshot = await table.GetSnapshotAsync(version);
            long rows = 0;
            var fieldNames = snapshot.Schema.FieldsList.Select(f => f.Name).ToList();
            await foreach (var batch in snapshot.ScanAsync())
            {
                rows += batch.Length;
                if (!batch.Schema.FieldsList.Select(f => f.Name).SequenceEqual(fieldNames))
                {
                    throw new InvalidOperationException($"batch schema [{string.Join(", ", batch.Schema.FieldsList.Select(f => f.Name))}] differs from the snapshot schema [{string.Join(", ", fieldNames)}].");
                }

                for (var c = 0; c < batch.ColumnCount; c++)
                {
                    if (batch.Column(c).Length != batch.Length)
                    {
                        throw new InvalidOperationException($"column {fieldNames[c]} has {batch.Column(c).Length} values in a batch of {batch.Length} rows.");
                    }
                }
            }

            return (new ReadResult(snapshot.Version, rows, StatsRows(snapshot)), null);
        }
        catch (Exception ex)
        {
            return (null, ex);
        }
    }

    /// <summary>Sum of numRecords minus deletion-vector cardinalities, or null when any file lacks the statistic.</summary>
    private static long? StatsRows(DeltaSnapshot snapshot)
    {
        long total = 0;
        foreach (var file in snapshot.Files)
        {
            if (file.Stats is not { Length: > 0 } stats)
            {
                return null;
            }

            using var doc = JsonDocument.Parse(stats);
            if (!doc.RootElement.TryGetProperty("numRecords", out var n) || n.ValueKind != JsonValueKind.Number)
            {
                return null;
            }

            total += n.GetInt64() - (file.DeletionVector?.Cardinality ?? 0);
        }

        return total;
    }
}
