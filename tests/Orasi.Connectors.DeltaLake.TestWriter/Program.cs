using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.DeltaLake.Connector;

// A child process for the multi-process failure tests: appends `count` commits to one Delta table through the
// DeltaLakeConnector, each holding `rows` rows tagged (process, i, row).
// Usage: TestWriter TABLE PROCESS COUNT ROWS [storage_key=value ...]
if (args.Length < 4)
{
    await Console.Error.WriteLineAsync("usage: TestWriter TABLE PROCESS COUNT ROWS [storage_key=value ...]");
    return 2;
}

var table = args[0];
var process = int.Parse(args[1], CultureInfo.InvariantCulture);
var count = int.Parse(args[2], CultureInfo.InvariantCulture);
var rows = int.Parse(args[3], CultureInfo.InvariantCulture);
var storage = args.Skip(4).Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
var schema = new Schema.Builder()
    .Field(new Field("process", Int32Type.Default, false))
    .Field(new Field("i", Int32Type.Default, false))
    .Field(new Field("row", Int32Type.Default, false))
    .Build();

await using var connector = new DeltaLakeConnector(new DeltaLakeOptions { TablePath = table, StorageOptions = storage, BatchSize = int.MaxValue, RetryAttempts = 100 });
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
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{process} {i} v{connector.TableVersion}"));
}

return 0;
