using Orasi.Connectors.Iceberg.Scan;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Iceberg.Tests.Support;
using Orasi.Connectors.Predicates;

namespace Orasi.Connectors.Iceberg.Tests.Scan;

/// <summary>generated_bounds: files on an unreachable bucket, so pruning by column bounds is observable through planning alone.</summary>
public sealed class GeneratedBoundsTests
{
    [Fact]
    public async Task Column_bounds_prune_files()
    {
        await using var table = await TableReader.LoadAsync("generated_bounds");
        var all = await table.PlanFilesAsync();
        Assert.True(all.Count > 1);
        Assert.All(all, t => Assert.StartsWith("s3://fake-bucket/", t.File.FilePath, StringComparison.Ordinal));

        var type = table.Schema.FindTopLevelField("block_number")!.Type;
        var lowers = all.Select(t => Convert.ToInt64(Conversions.FromBinary(type, t.File.LowerBounds[1]), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var uppers = all.Select(t => Convert.ToInt64(Conversions.FromBinary(type, t.File.UpperBounds[1]), System.Globalization.CultureInfo.InvariantCulture)).ToList();

        var none = await table.PlanFilesAsync(new IcebergScanOptions { Predicate = Predicate.Parse($"block_number < {lowers.Min()}") });
        Assert.Empty(none);
        await foreach (var _ in table.ScanAsync(new IcebergScanOptions { Predicate = Predicate.Parse($"block_number < {lowers.Min()}") }))
        {
            Assert.Fail("no batch expected");
        }

        var cut = uppers.Order().ElementAt(uppers.Count / 2);
        var some = await table.PlanFilesAsync(new IcebergScanOptions { Predicate = Predicate.Parse($"block_number > {cut}") });
        Assert.Equal(uppers.Count(u => u > cut), some.Count);
        Assert.True(some.Count < all.Count);
    }
}
