using System.Globalization;
using FsCheck.Xunit;
using Orasi.Connectors.DeltaLake.Operations;
using Orasi.Connectors.DeltaLake.Operations.Dml;
using Orasi.Connectors.Predicates;
using Orasi.Testing;
using static Orasi.Connectors.DeltaLake.Tests.Dml.DmlTestHelpers;

namespace Orasi.Connectors.DeltaLake.Tests.Dml;

/// <summary>Random sequences of append/delete/update/merge against a dictionary model of the table.</summary>
public sealed class DmlPropertyTests
{
    private static readonly string[] Parts = ["a", "b", "c"];

    [Property(MaxTest = 12)]
    public void Random_operation_sequences_match_an_in_memory_model(int seed, byte length, byte layout)
    {
        RunAsync(seed, 3 + length % 5, layout % 3).GetAwaiter().GetResult();
    }

    private static async Task RunAsync(int seed, int operations, int layout)
    {
        var random = new Random(seed);
        using var dir = new TempDirectory("dml-prop");
        var uri = dir.Path;
        // layout 0: copy-on-write, unpartitioned; 1: deletion vectors + CDF; 2: copy-on-write partitioned by part + CDF.
        var properties = layout switch { 0 => null, 1 => DvAndCdfProperties, _ => CdfProperties };
        await CreateAsync(uri, properties, layout == 2 ? ["part"] : null);
        var model = new SortedDictionary<long, ModelRow>();
        long nextId = 0;
        var log = new List<string>();
        for (var step = 0; step < operations; step++)
        {
            var kind = step == 0 ? 0 : random.Next(4);
            var (low, high) = Range(random, nextId);
            switch (kind)
            {
                case 0:
                {
                    var count = random.Next(1, 30);
                    var rows = Enumerable.Range(0, count).Select(i => (nextId + i, RandomRow(random, "w"))).ToList();
                    nextId += count;
                    await DeltaTableWriter.WriteAsync(uri, [Batch(rows)]);
                    foreach (var (id, row) in rows)
                    {
                        model[id] = row;
                    }

                    log.Add($"append {count}");
                    break;
                }

                case 1:
                {
                    var predicate = Predicate.Parse(string.Create(CultureInfo.InvariantCulture, $"id >= {low} and id < {high}"));
                    var result = await DeltaTableWriter.DeleteRowsAsync(uri, predicate);
                    var expected = model.Keys.Count(id => id >= low && id < high);
                    Assert.Equal(expected, result.NumTargetRowsDeleted);
                    foreach (var id in model.Keys.Where(id => id >= low && id < high).ToList())
                    {
                        model.Remove(id);
                    }

                    log.Add($"delete [{low},{high})");
                    break;
                }

                case 2:
                {
                    var name = "u" + step.ToString(CultureInfo.InvariantCulture);
                    var predicate = Predicate.Parse(string.Create(CultureInfo.InvariantCulture, $"id >= {low} and id < {high}"));
                    var result = await DeltaTableWriter.UpdateAsync(uri, predicate, new Dictionary<string, DeltaExpression>
                    {
                        ["name"] = DeltaExpression.Literal(name),
                        ["score"] = DeltaExpression.Parse("score + 1"),
                    });
                    Assert.Equal(model.Keys.Count(id => id >= low && id < high), result.NumTargetRowsUpdated);
                    foreach (var id in model.Keys.Where(id => id >= low && id < high).ToList())
                    {
                        model[id] = model[id] with { Name = name, Score = model[id].Score + 1 };
                    }

                    log.Add($"update [{low},{high})");
                    break;
                }

                default:
                {
                    var ids = Enumerable.Range(0, random.Next(1, 15)).Select(_ => (long)random.Next(0, (int)nextId + 10)).Distinct().ToList();
                    var rows = ids.Select(id => (id, RandomRow(random, random.Next(5) == 0 ? "del" : "m"))).ToList();
                    var options = new DeltaMergeOptions
                    {
                        On = ["id"],
                        WhenMatchedDelete = new DeltaMergeDelete { Condition = Predicate.Parse("source.name = 'del'") },
                        WhenMatchedUpdate = new DeltaMergeUpdate(),
                        WhenNotMatchedInsert = new DeltaMergeInsert(),
                    };
                    var result = await DeltaTableWriter.MergeAsync(uri, [Batch(rows)], options);
                    long updated = 0, deleted = 0, inserted = 0;
                    foreach (var (id, row) in rows)
                    {
                        if (model.ContainsKey(id))
                        {
                            if (row.Name == "del")
                            {
                                model.Remove(id);
                                deleted++;
                            }
                            else
                            {
                                model[id] = row;
                                updated++;
                            }
                        }
                        else
                        {
                            model[id] = row;
                            inserted++;
                        }
                    }

                    Assert.Equal((updated, deleted, inserted), (result.NumTargetRowsUpdated, result.NumTargetRowsDeleted, result.NumTargetRowsInserted));
                    nextId = Math.Max(nextId, ids.Max() + 1);
                    log.Add($"merge {rows.Count}");
                    break;
                }
            }

            var actual = await ReadAsync(uri);
            Assert.True(model.SequenceEqual(actual), $"After [{string.Join("; ", log)}] (seed {seed}, layout {layout}) the table differs from the model: expected {model.Count} rows, got {actual.Count}.");
        }

        if (layout != 0)
        {
            // The change data feed replayed from version 0 reproduces the final table.
            await using var table = await DeltaTable.OpenAsync(uri);
            var replay = new SortedDictionary<long, ModelRow>();
            await foreach (var batch in table.ChangesAsync(0))
            {
                var types = (Apache.Arrow.StringArray)batch.Column("_change_type");
                var i = 0;
                foreach (var (id, row) in Rows(batch))
                {
                    switch (types.GetString(i++))
                    {
                        case "insert" or "update_postimage":
                            replay[id] = row;
                            break;
                        case "delete":
                            Assert.True(replay.Remove(id), $"CDF deletes id {id}, which was not present");
                            break;
                    }
                }
            }

            Assert.True(model.SequenceEqual(replay), $"Replaying the change data feed after [{string.Join("; ", log)}] (seed {seed}, layout {layout}) does not give the table.");
        }
    }

    private static (long Low, long High) Range(Random random, long nextId)
    {
        var low = (long)random.Next(0, (int)Math.Max(1, nextId));
        return (low, low + random.Next(1, 12));
    }

    private static ModelRow RandomRow(Random random, string prefix) =>
        new(prefix + random.Next(100).ToString(CultureInfo.InvariantCulture), Parts[random.Next(Parts.Length)], random.Next(2) == 0 ? null : random.Next(1000) / 4.0);
}
