using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.Iceberg.Connector;

// A child process for the multi-process tests: appends `count` snapshots to one Iceberg table in a SQL catalog
// through the IcebergConnector, each holding `rows` rows tagged (process, i, row).
// Usage: TestWriter CATALOG WAREHOUSE PROCESS COUNT ROWS  (CATALOG: a SQLite file path, or a postgresql:// URI)
if (args.Length < 5)
{
    await Console.Error.WriteLineAsync("usage: TestWriter CATALOG_DB WAREHOUSE PROCESS COUNT ROWS");
    return 2;
}

var process = int.Parse(args[2], CultureInfo.InvariantCulture);
var count = int.Parse(args[3], CultureInfo.InvariantCulture);
var rows = int.Parse(args[4], CultureInfo.InvariantCulture);
var schema = new Schema.Builder()
    .Field(new Field("process", Int32Type.Default, false))
    .Field(new Field("i", Int32Type.Default, false))
    .Field(new Field("row", Int32Type.Default, false))
    .Build();
var options = new IcebergOptions
{
    CatalogType = IcebergCatalogType.Sql,
    CatalogUri = args[0].Contains("://", StringComparison.Ordinal) ? args[0] : $"Data Source={args[0]};Default Timeout=60",
    Warehouse = args[1],
    Namespace = "db",
    Table = "events",
    BatchSize = int.MaxValue,
    Properties = new Dictionary<string, string> { ["commit.retry.num-retries"] = "1000" },
};
await using var connector = new IcebergConnector(options);
await connector.ConnectAsync();
for (var i = 0; i < count; i++)
{
    var p = new Int32Array.Builder();
    var n = new Int32Array.Builder();
    var r = new Int32Array.Builder();
    for (var row = 0; row < rows; row++)
    {
        p.Append(process);
        n.Append(i);
        r.Append(row);
    }

    using var batch = new RecordBatch(schema, [p.Build(), n.Build(), r.Build()], rows);
    await connector.WriteBatchAsync(batch);
    await connector.FlushAsync();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{process} {i} {connector.LastCommit!.SnapshotId} {connector.LastCommit.Attempts}"));
}

return 0;
