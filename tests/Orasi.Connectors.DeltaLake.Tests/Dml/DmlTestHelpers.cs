using Apache.Arrow;
using Orasi.Connectors.DeltaLake.Operations;

namespace Orasi.Connectors.DeltaLake.Tests.Dml;

/// <summary>One row of the test schema without the timestamp.</summary>
internal sealed record ModelRow(string? Name, string? Part, double? Score);

internal static class DmlTestHelpers
{
    public static Dictionary<string, string> DvProperties { get; } = new() { ["delta.enableDeletionVectors"] = "true" };

    public static Dictionary<string, string> CdfProperties { get; } = new() { ["delta.enableChangeDataFeed"] = "true" };

    public static Dictionary<string, string> DvAndCdfProperties { get; } = new()
    {
        ["delta.enableDeletionVectors"] = "true",
        ["delta.enableChangeDataFeed"] = "true",
    };

    public static async Task CreateAsync(string uri, IReadOnlyDictionary<string, string>? properties, IReadOnlyList<string>? partitionBy = null, IReadOnlyDictionary<string, string>? storageOptions = null) =>
        await DeltaTableWriter.CreateAsync(uri, Operations.DeltaTestTables.TestSchema, partitionBy, properties, storageOptions);

    /// <summary>The rows visible through our scan, by id.</summary>
    public static async Task<SortedDictionary<long, ModelRow>> ReadAsync(string uri, IReadOnlyDictionary<string, string>? storageOptions = null)
    {
        await using var table = await DeltaTable.OpenAsync(uri, storageOptions);
        var snapshot = await table.GetSnapshotAsync();
        var rows = new SortedDictionary<long, ModelRow>();
        await foreach (var batch in snapshot.ScanAsync())
        {
            foreach (var (id, row) in Rows(batch))
            {
                Assert.True(rows.TryAdd(id, row), $"id {id} appears twice in the table");
            }
        }

        return rows;
    }

    public static IEnumerable<(long Id, ModelRow Row)> Rows(RecordBatch batch)
    {
        var ids = (Int64Array)batch.Column("id");
        var names = (StringArray)batch.Column("name");
        var parts = (StringArray)batch.Column("part");
        var scores = (DoubleArray)batch.Column("score");
        for (var i = 0; i < batch.Length; i++)
        {
            yield return (ids.GetValue(i)!.Value, new ModelRow(names.GetString(i), parts.GetString(i), scores.GetValue(i)));
        }
    }

    /// <summary>A batch of the test schema from explicit rows.</summary>
    public static RecordBatch Batch(IEnumerable<(long Id, ModelRow Row)> rows)
    {
        var list = rows.ToList();
        var ids = new Int64Array.Builder();
        var names = new StringArray.Builder();
        var parts = new StringArray.Builder();
        var scores = new DoubleArray.Builder();
        var ts = new TimestampArray.Builder(new Apache.Arrow.Types.TimestampType(Apache.Arrow.Types.TimeUnit.Microsecond, "UTC"));
        foreach (var (id, row) in list)
        {
            ids.Append(id);
            if (row.Name is null) { names.AppendNull(); } else { names.Append(row.Name); }
            if (row.Part is null) { parts.AppendNull(); } else { parts.Append(row.Part); }
            if (row.Score is { } s) { scores.Append(s); } else { scores.AppendNull(); }
            ts.Append(DateTimeOffset.UnixEpoch.AddSeconds(id));
        }

        return new RecordBatch(Operations.DeltaTestTables.TestSchema, [ids.Build(), names.Build(), parts.Build(), scores.Build(), ts.Build()], list.Count);
    }

    public static SortedDictionary<long, ModelRow> Model(long start, int count, params string[] parts)
    {
        var model = new SortedDictionary<long, ModelRow>();
        foreach (var (id, row) in Rows(Operations.DeltaTestTables.Batch(start, count, parts)))
        {
            model[id] = row;
        }

        return model;
    }
}
