using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Testing;
using Orasi.Testing.Postgres;

namespace Orasi.Connectors.Iceberg.Tests.Write;

internal static class WriteFixtures
{
    public static readonly TableIdentifier Events = new("db", "events");

    public static IcebergSchema Schema() => new(0,
    [
        new NestedField(1, "id", true, PrimitiveType.Long),
        new NestedField(2, "name", false, PrimitiveType.String),
        new NestedField(3, "ts", false, PrimitiveType.TimestampTz),
        new NestedField(4, "score", false, PrimitiveType.Double),
        new NestedField(5, "day", false, PrimitiveType.Date),
    ]);

    /// <summary>Rows with ids [start, start+count), names "name-{id % 7}", ts = 2024-01-01 + id hours.</summary>
    public static RecordBatch Batch(long start, int count, IcebergSchema? schema = null)
    {
        var arrow = (schema ?? Schema()).ToArrowSchema();
        var ids = new Int64Array.Builder();
        var names = new StringArray.Builder();
        var ts = new TimestampArray.Builder(new TimestampType(TimeUnit.Microsecond, "UTC"));
        var scores = new DoubleArray.Builder();
        var days = new Date32Array.Builder();
        var epoch = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = start; i < start + count; i++)
        {
            ids.Append(i);
            if (i % 10 == 9) names.AppendNull(); else names.Append($"name-{i % 7}");
            var t = epoch.AddHours(i);
            ts.Append(t);
            scores.Append(i * 0.5);
            days.Append(t.UtcDateTime.Date);
        }

        return new RecordBatch(arrow, [ids.Build(), names.Build(), ts.Build(), scores.Build(), days.Build()], count);
    }

    public static async Task<List<long>> IdsAsync(IcebergTable table, Orasi.Connectors.Iceberg.Scan.IcebergScanOptions? options = null)
    {
        var ids = new List<long>();
        await foreach (var b in table.ScanAsync(options))
        {
            var col = (Int64Array)b.Column(b.Schema.GetFieldIndex("id"));
            for (var i = 0; i < b.Length; i++) ids.Add(col.GetValue(i)!.Value);
        }

        ids.Sort();
        return ids;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<string>>> Databases = new(StringComparer.Ordinal);

    /// <summary>
    /// The catalog address of a SQL backend for <paramref name="dir"/>: "sql" a SQLite file in it, "pg" a PostgreSQL
    /// database of its own on <paramref name="pg"/> (created on first use; the same database for the same directory).
    /// </summary>
    public static async Task<string> SqlAddressAsync(string kind, TempDirectory dir, PostgresServerFixture? pg = null) => kind switch
    {
        "sql" => $"Data Source={dir.Combine("catalog.db")}",
        "pg" => (pg ?? throw new ArgumentNullException(nameof(pg), "The pg backend needs the PostgreSQL fixture.")).UriFor(
            await Databases.GetOrAdd(dir.Path, _ => new Lazy<Task<string>>(() => pg.CreateDatabaseAsync())).Value),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Opens the catalog of backend <paramref name="kind"/> ("fs", "sql" SQLite, "pg" PostgreSQL) for <paramref name="dir"/>, with namespace "db".</summary>
    public static async Task<MetastoreCatalog> OpenAsync(string kind, TempDirectory dir, PostgresServerFixture? pg = null, string name = "default")
    {
        MetastoreCatalog catalog = kind switch
        {
            "fs" => new FileSystemCatalog(dir.Combine("warehouse")),
            "sql" or "pg" => await SqlCatalog.OpenAsync(await SqlAddressAsync(kind, dir, pg), dir.Combine("warehouse"), name: name),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        if (!await catalog.NamespaceExistsAsync("db"))
        {
            await catalog.CreateNamespaceAsync("db");
        }

        return catalog;
    }
}
