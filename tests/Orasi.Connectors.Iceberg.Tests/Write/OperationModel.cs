using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Operations;
using Orasi.Connectors.Iceberg.Scan;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Predicates;
using static Orasi.Connectors.Iceberg.Tests.Write.WriteFixtures;

namespace Orasi.Connectors.Iceberg.Tests.Write;

/// <summary>
/// Runs a random sequence of write operations against a table and an in-memory model of its rows (id → name, score)
/// side by side, checking after every step that the table reads as the model, and at the end that every snapshot
/// still reads as the model did when it was committed (time travel).
/// </summary>
internal sealed class OperationModel
{
    private static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly MetastoreCatalog _catalog;
    private readonly Random _random;
    private readonly List<string> _log = new();
    private readonly Dictionary<long, SortedDictionary<long, Row>> _bySnapshot = new();
    private SortedDictionary<long, Row> _model = new();
    private long _nextId;

    private OperationModel(MetastoreCatalog catalog, int seed)
    {
        _catalog = catalog;
        _random = new Random(seed);
        Seed = seed;
    }

    /// <summary>The model row: the columns an operation can change.</summary>
    internal sealed record Row(string? Name, double Score);

    public int Seed { get; }

    /// <summary>Layouts: 0 unpartitioned, 1 day(ts), 2 bucket[3](id) then evolved to identity(day) mid-run.</summary>
    public static async Task RunAsync(MetastoreCatalog catalog, int seed, int operations, int layout)
    {
        var spec = layout switch
        {
            1 => new PartitionSpec(0, [new PartitionField(3, 1000, "ts_day", Transform.Parse("day"))]),
            2 => new PartitionSpec(0, [new PartitionField(1, 1000, "id_bucket", Transform.Bucket(3))]),
            _ => null,
        };
        var properties = new Dictionary<string, string> { ["commit.manifest.min-count-to-merge"] = "3" };
        await (await catalog.CreateTableAsync(Events, Schema(), spec, properties)).DisposeAsync();
        await catalog.UpdateSchemaAsync(Events, s => s.SetIdentifierFields("id"));
        var model = new OperationModel(catalog, seed);
        for (var step = 0; step < operations; step++)
        {
            await model.StepAsync(step, layout);
        }

        await model.CheckTimeTravelAsync();
    }

    private async Task StepAsync(int step, int layout)
    {
        var kind = step == 0 ? 0 : _random.Next(8);
        var (low, high) = Range();
        IcebergCommitResult? result = null;
        switch (kind)
        {
            case 0:
            {
                var rows = NewRows(_random.Next(1, 40));
                result = await _catalog.AppendAsync(Events, [Batch(rows)]);
                Apply(rows);
                _log.Add($"append {rows.Count}");
                break;
            }

            case 1:
            {
                result = await _catalog.DeleteAsync(Events, Between(low, high));
                Remove(low, high);
                _log.Add($"delete [{low},{high})");
                break;
            }

            case 2:
            {
                // Overwrite by filter: the matching rows are replaced by new versions of (some of) them plus new rows.
                var replaced = _model.Keys.Where(id => id >= low && id < high && _random.Next(2) == 0).ToList();
                var rows = replaced.Select(id => (id, RandomRow("o"))).ToList();
                rows.AddRange(NewRows(_random.Next(0, 5)));
                result = await _catalog.OverwriteAsync(Events, Between(low, high), [Batch(rows)]);
                Remove(low, high);
                Apply(rows);
                _log.Add($"overwrite [{low},{high}) with {rows.Count}");
                break;
            }

            case 3:
            {
                result = await _catalog.DeleteAsync(Events, Between(low, high), RowLevelMode.MergeOnRead);
                Remove(low, high);
                _log.Add($"delete merge-on-read [{low},{high})");
                break;
            }

            case 4:
            {
                // Upsert: new versions of some existing rows (a key may repeat: the last one wins) and some new rows.
                var mode = _random.Next(2) == 0 ? RowLevelMode.MergeOnRead : RowLevelMode.CopyOnWrite;
                var keys = _model.Keys.ToList();
                var rows = Enumerable.Range(0, _random.Next(1, 12)).Where(_ => keys.Count > 0)
                    .Select(_ => (keys[_random.Next(keys.Count)], RandomRow("u"))).ToList();
                rows.AddRange(NewRows(_random.Next(0, 4)));
                if (rows.Count == 0) goto default;
                result = await _catalog.UpsertAsync(Events, [Batch(rows)], mode);
                Apply(rows);
                _log.Add($"upsert {(mode == RowLevelMode.MergeOnRead ? "merge-on-read" : "copy-on-write")} {rows.Count}");
                break;
            }

            case 5 when layout != 2:
            {
                // Dynamic partition overwrite: every row of the partitions (days; the whole table when unpartitioned)
                // the new rows fall in is replaced by them.
                var rows = _model.Keys.Where(id => id >= low && id < high && _random.Next(2) == 0).Select(id => (id, RandomRow("p"))).ToList();
                rows.AddRange(NewRows(_random.Next(1, 4)));
                result = await _catalog.ReplacePartitionsAsync(Events, [Batch(rows)]);
                var days = rows.Select(r => r.Item1 / 24).ToHashSet();
                foreach (var id in _model.Keys.Where(id => layout == 0 || days.Contains(id / 24)).ToList()) _model.Remove(id);
                Apply(rows);
                _log.Add($"replace partitions with {rows.Count}");
                break;
            }

            case 6 when layout == 2 && !_log.Any(l => l.StartsWith("evolve", StringComparison.Ordinal)):
            {
                result = await _catalog.UpdateSpecAsync(Events, s => s.AddField("day", Transform.Identity, "day_identity"));
                _log.Add("evolve spec");
                break;
            }

            default:
            {
                // An append of rows that all fall inside one time range, then check a filtered scan.
                var rows = NewRows(_random.Next(1, 10));
                result = await _catalog.AppendAsync(Events, [Batch(rows)]);
                Apply(rows);
                _log.Add($"append {rows.Count}");
                await using var table = await _catalog.LoadTableAsync(Events);
                var filtered = await ReadAsync(table, new IcebergScanOptions { Predicate = Between(low, high) });
                var expected = new SortedDictionary<long, Row>(_model.Where(kv => kv.Key >= low && kv.Key < high).ToDictionary());
                Assert.True(expected.SequenceEqual(filtered), Describe($"a scan filtered to [{low},{high})", expected, filtered));
                break;
            }
        }

        await using (var table = await _catalog.LoadTableAsync(Events))
        {
            var actual = await ReadAsync(table, null);
            Assert.True(_model.SequenceEqual(actual), Describe("the table", _model, actual));
            if (table.CurrentSnapshot is { } current)
            {
                _bySnapshot[current.SnapshotId] = new SortedDictionary<long, Row>(_model);
            }
        }

        Assert.NotNull(result);
    }

    private async Task CheckTimeTravelAsync()
    {
        await using var table = await _catalog.LoadTableAsync(Events);
        foreach (var (snapshotId, expected) in _bySnapshot)
        {
            var actual = await ReadAsync(table, new IcebergScanOptions { SnapshotId = snapshotId });
            Assert.True(expected.SequenceEqual(actual), Describe($"snapshot {snapshotId}", expected, actual));
        }
    }

    private string Describe(string what, IReadOnlyDictionary<long, Row> expected, IReadOnlyDictionary<long, Row> actual)
    {
        var missing = expected.Keys.Except(actual.Keys).Take(5);
        var extra = actual.Keys.Except(expected.Keys).Take(5);
        var changed = expected.Keys.Intersect(actual.Keys).Where(k => expected[k] != actual[k]).Take(5);
        return $"After [{string.Join("; ", _log)}] (seed {Seed}) {what} differs from the model: expected {expected.Count} rows, got {actual.Count}; " +
               $"missing [{string.Join(',', missing)}], extra [{string.Join(',', extra)}], changed [{string.Join(',', changed)}].";
    }

    private List<(long Id, Row Row)> NewRows(int count)
    {
        var rows = Enumerable.Range(0, count).Select(i => (_nextId + i, RandomRow("w"))).ToList();
        _nextId += count;
        return rows;
    }

    private Row RandomRow(string prefix) =>
        new(_random.Next(6) == 0 ? null : prefix + _random.Next(100).ToString(CultureInfo.InvariantCulture), _random.Next(1000) / 4.0);

    private (long Low, long High) Range()
    {
        var low = (long)_random.Next(0, (int)Math.Max(1, _nextId));
        return (low, low + _random.Next(1, 30));
    }

    private void Apply(IEnumerable<(long Id, Row Row)> rows)
    {
        foreach (var (id, row) in rows) _model[id] = row;
    }

    private void Remove(long low, long high)
    {
        foreach (var id in _model.Keys.Where(id => id >= low && id < high).ToList()) _model.Remove(id);
    }

    private static Predicate Between(long low, long high) =>
        Predicate.Parse(string.Create(CultureInfo.InvariantCulture, $"id >= {low} and id < {high}"));

    /// <summary>A batch of the fixture schema; ts = 2024-01-01 + id hours (so day(ts) groups 24 ids), day = its date.</summary>
    public static RecordBatch Batch(IReadOnlyList<(long Id, Row Row)> rows)
    {
        var ids = new Int64Array.Builder();
        var names = new StringArray.Builder();
        var ts = new TimestampArray.Builder(new TimestampType(TimeUnit.Microsecond, "UTC"));
        var scores = new DoubleArray.Builder();
        var days = new Date32Array.Builder();
        foreach (var (id, row) in rows)
        {
            ids.Append(id);
            if (row.Name is null) names.AppendNull(); else names.Append(row.Name);
            var t = Epoch.AddHours(id);
            ts.Append(t);
            scores.Append(row.Score);
            days.Append(t.UtcDateTime.Date);
        }

        return new RecordBatch(Schema().ToArrowSchema(), [ids.Build(), names.Build(), ts.Build(), scores.Build(), days.Build()], rows.Count);
    }

    private static async Task<SortedDictionary<long, Row>> ReadAsync(IcebergTable table, IcebergScanOptions? options)
    {
        var rows = new SortedDictionary<long, Row>();
        await foreach (var b in table.ScanAsync(options))
        {
            var ids = (Int64Array)b.Column(b.Schema.GetFieldIndex("id"));
            var names = (StringArray)b.Column(b.Schema.GetFieldIndex("name"));
            var scores = (DoubleArray)b.Column(b.Schema.GetFieldIndex("score"));
            for (var i = 0; i < b.Length; i++)
            {
                var id = ids.GetValue(i)!.Value;
                Assert.True(rows.TryAdd(id, new Row(names.GetString(i), scores.GetValue(i)!.Value)), $"Row id {id} was read twice.");
            }
        }

        return rows;
    }
}
