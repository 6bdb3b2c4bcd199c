using Apache.Arrow;
using Orasi.Connectors.Iceberg.Scan;
using Orasi.Connectors.Iceberg.Tests.Support;
using Orasi.Connectors.Predicates;
using Orasi.Testing.DuckDb;

namespace Orasi.Connectors.Iceberg.Tests.Scan;

public sealed class LineitemTests
{
    public static TheoryData<string> Variants => new()
    {
        "iceberg/lineitem_iceberg",
        "iceberg/lineitem_iceberg_no_hint",
    };

    public static TheoryData<string> GzipVariants => new()
    {
        "iceberg/lineitem_iceberg_gz",
        "iceberg/lineitem_iceberg_gz_no_hint",
    };

    /// <summary>The gzip tables hold the full lineitem (no delete, int quantities): compare with DuckDB over the data files.</summary>
    [Theory]
    [MemberData(nameof(GzipVariants))]
    public async Task Gzip_metadata_tables_match_duckdb_over_their_data_files(string variant)
    {
        await using var table = await TableReader.LoadAsync(variant);
        Assert.Equal(1, table.Metadata.FormatVersion);
        Assert.EndsWith(".gz.metadata.json", table.MetadataLocation, StringComparison.Ordinal);
        Assert.EndsWith("v2.gz.metadata.json", table.MetadataLocation, StringComparison.Ordinal);
        var tasks = await table.PlanFilesAsync();
        var files = tasks.Select(t => Path.Combine(Corpus.Persistent(variant), "data", Path.GetFileName(t.File.FilePath))).ToList();
        using var duck = new DuckDbReader();
        var list = "[" + string.Join(", ", files.Select(DuckDbReader.Literal)) + "]";
        var expected = duck.Query($"select count(*), sum(l_extendedprice * l_discount) filter (where l_shipdate >= date '1994-01-01' and l_shipdate < date '1995-01-01' and l_discount between 0.05 and 0.07 and l_quantity < 24) from read_parquet({list})")[0];
        var batches = await TableReader.ReadAllAsync(table);
        Assert.Equal(Convert.ToInt64(expected[0], System.Globalization.CultureInfo.InvariantCulture), batches.Sum(b => (long)b.Length));
        Assert.Equal(Convert.ToDecimal(expected[1], System.Globalization.CultureInfo.InvariantCulture), Q6(batches));
        Assert.Equal(tasks.Sum(t => t.File.RecordCount), batches.Sum(b => (long)b.Length));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Tpch_q6_revenue_matches(string variant)
    {
        await using var table = await TableReader.LoadAsync(variant);
        var revenue = Q6(await TableReader.ReadAllAsync(table, new IcebergScanOptions
        {
            Columns = ["l_quantity", "l_extendedprice", "l_discount", "l_shipdate"],
        }));
        Assert.Equal(1077536.9101m, revenue);
    }

    [Fact]
    public async Task Current_data_file_has_51793_records_and_scan_returns_them()
    {
        await using var table = await TableReader.LoadAsync("iceberg/lineitem_iceberg");
        var entries = await table.EntriesAsync();
        var data = Assert.Single(entries, e => e.DataFile.Content == Orasi.Connectors.Iceberg.Spec.DataFileContent.Data);
        Assert.Equal(51793, data.DataFile.RecordCount);
        Assert.Equal(51793, await TableReader.CountAsync(table));
        Assert.Equal("./lineitem_iceberg", table.Metadata.Location);
    }

    [Fact]
    public async Task Predicate_pushdown_gives_the_same_q6_revenue()
    {
        await using var table = await TableReader.LoadAsync("iceberg/lineitem_iceberg");
        var predicate = Predicate.Parse("l_shipdate >= '1994-01-01' and l_shipdate < '1995-01-01' and l_discount >= 0.05 and l_discount <= 0.07 and l_quantity < 24");
        var batches = await TableReader.ReadAllAsync(table, new IcebergScanOptions
        {
            Columns = ["l_extendedprice", "l_discount"],
            Predicate = predicate,
        });
        var revenue = 0m;
        foreach (var b in batches)
        {
            Assert.Equal(2, b.ColumnCount);
            var price = (Decimal128Array)b.Column(0);
            var discount = (Decimal128Array)b.Column(1);
            for (var i = 0; i < b.Length; i++) revenue += price.GetValue(i)!.Value * discount.GetValue(i)!.Value;
        }

        Assert.Equal(1077536.9101m, revenue);
    }

    [Fact]
    public async Task Time_travel_to_the_first_snapshot_sees_the_rows_before_the_delete()
    {
        await using var table = await TableReader.LoadAsync("iceberg/lineitem_iceberg");
        Assert.Equal(2, table.Snapshots.Count);
        var first = table.Snapshots.OrderBy(s => s.TimestampMs).First();
        var before = await TableReader.CountAsync(table, new IcebergScanOptions { SnapshotId = first.SnapshotId });
        var byTime = await TableReader.CountAsync(table, new IcebergScanOptions { AsOfTimestamp = first.Timestamp });
        Assert.Equal(60175, before);
        Assert.Equal(before, byTime);
        Assert.Equal(51793, await TableReader.CountAsync(table, new IcebergScanOptions { Ref = "main" }));
    }

    [Fact]
    public async Task Limit_stops_early()
    {
        await using var table = await TableReader.LoadAsync("iceberg/lineitem_iceberg");
        Assert.Equal(10, await TableReader.CountAsync(table, new IcebergScanOptions { Limit = 10, Columns = ["l_orderkey"] }));
    }

    private static decimal Quantity(IArrowArray column, int i) => column switch
    {
        Decimal128Array d => d.GetValue(i)!.Value,
        Int32Array n => n.GetValue(i)!.Value,
        _ => throw new InvalidOperationException("unexpected l_quantity type " + column.Data.DataType.Name),
    };

    private static decimal Q6(List<RecordBatch> batches)
    {
        var revenue = 0m;
        var from = new DateOnly(1994, 1, 1);
        var to = new DateOnly(1995, 1, 1);
        foreach (var b in batches)
        {
            var qtyColumn = b.Column("l_quantity");
            var price = (Decimal128Array)b.Column("l_extendedprice");
            var discount = (Decimal128Array)b.Column("l_discount");
            var ship = (Date32Array)b.Column("l_shipdate");
            for (var i = 0; i < b.Length; i++)
            {
                var d = ship.GetDateOnly(i)!.Value;
                var disc = discount.GetValue(i)!.Value;
                if (d >= from && d < to && disc >= 0.05m && disc <= 0.07m && Quantity(qtyColumn, i) < 24m)
                {
                    revenue += price.GetValue(i)!.Value * disc;
                }
            }
        }

        return revenue;
    }
}
