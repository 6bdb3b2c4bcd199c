using System.Buffers.Binary;
using Orasi.Connectors.DeltaLake.Log;
using Orasi.Connectors.DeltaLake.Operations;
using Orasi.Connectors.DeltaLake.Operations.Dml;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.Predicates;
using Orasi.Connectors.Storage;
using Orasi.Testing;
using static Orasi.Connectors.DeltaLake.Tests.Dml.DmlTestHelpers;
using TestTables = Orasi.Connectors.DeltaLake.Tests.Operations.DeltaTestTables;

namespace Orasi.Connectors.DeltaLake.Tests.Dml;

public sealed class DmlTests
{
    private static async Task<string> SeedAsync(TempDirectory dir, IReadOnlyDictionary<string, string>? properties, IReadOnlyList<string>? partitionBy = null)
    {
        var uri = dir.Path;
        await CreateAsync(uri, properties, partitionBy);
        await DeltaTableWriter.WriteAsync(uri, [TestTables.Batch(0, 20, "a", "b")]);
        return uri;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UpdateSetsLiteralAndArithmeticOnMatchingRowsOnly(bool deletionVectors)
    {
        using var dir = new TempDirectory("dml");
        var uri = await SeedAsync(dir, deletionVectors ? DvProperties : null);
        var result = await DeltaTableWriter.UpdateAsync(uri, Predicate.Parse("id >= 5 and id < 8"), new Dictionary<string, DeltaExpression>
        {
            ["name"] = DeltaExpression.Literal("upd"),
            ["score"] = DeltaExpression.Parse("score * 10"),
        });

        Assert.False(result.Skipped);
        Assert.Equal(3, result.NumTargetRowsUpdated);
        Assert.Equal(deletionVectors ? 1 : 0, result.DeletionVectorsAdded);
        Assert.Equal(deletionVectors ? 0 : 17, result.NumTargetRowsCopied);
        var model = Model(0, 20, "a", "b");
        foreach (var id in new long[] { 5, 6, 7 })
        {
            model[id] = model[id] with { Name = "upd", Score = model[id].Score * 10 };
        }

        Assert.Equal(model, await ReadAsync(uri));
        await using var store = ObjectStoreFactory.Open(uri);
        var state = await LogReplay.LoadAsync(store);
        Assert.Equal(deletionVectors, state.Files.Values.Any(f => f.DeletionVector is not null));
        Assert.Equal("UPDATE", state.CommitInfos[state.Version].Operation);
    }

    [Fact]
    public async Task UpdateWithNoMatchCommitsNothingAndBadValuesFail()
    {
        using var dir = new TempDirectory("dml");
        var uri = await SeedAsync(dir, null);
        var none = await DeltaTableWriter.UpdateAsync(uri, Predicate.Parse("id > 1000"), new Dictionary<string, DeltaExpression> { ["name"] = DeltaExpression.Literal("x") });
        Assert.True(none.Skipped);
        Assert.Equal(1, none.Version);
        await Assert.ThrowsAsync<ValidationFailedException>(() => DeltaTableWriter.UpdateAsync(uri, null, new Dictionary<string, DeltaExpression> { ["nope"] = DeltaExpression.Literal(1) }));
        await Assert.ThrowsAsync<ValidationFailedException>(() => DeltaTableWriter.UpdateAsync(uri, null, new Dictionary<string, DeltaExpression> { ["score"] = DeltaExpression.Literal("not a number") }));
        await Assert.ThrowsAsync<ValidationFailedException>(() => DeltaTableWriter.UpdateAsync(uri, null, new Dictionary<string, DeltaExpression> { ["score"] = DeltaExpression.Parse("name + 1") }));
        Assert.Equal(Model(0, 20, "a", "b"), await ReadAsync(uri));
    }

    [Fact]
    public async Task UpdateOfPartitionColumnMovesRowsToTheNewPartition()
    {
        using var dir = new TempDirectory("dml");
        var uri = await SeedAsync(dir, DvProperties, ["part"]);
        var result = await DeltaTableWriter.UpdateAsync(uri, Predicate.Parse("id < 4"), new Dictionary<string, DeltaExpression> { ["part"] = DeltaExpression.Literal("z") });
        Assert.Equal(4, result.NumTargetRowsUpdated);
        var rows = await ReadAsync(uri);
        Assert.Equal(20, rows.Count);
        Assert.All(rows.Where(r => r.Key < 4), r => Assert.Equal("z", r.Value.Part));
        Assert.All(rows.Where(r => r.Key >= 4), r => Assert.NotEqual("z", r.Value.Part));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DeleteTwiceWithDeletionVectorsUnionsTheRows(bool deletionVectors)
    {
        using var dir = new TempDirectory("dml");
        var uri = await SeedAsync(dir, deletionVectors ? DvProperties : null);
        var first = await DeltaTableWriter.DeleteRowsAsync(uri, Predicate.Parse("id < 3"));
        var second = await DeltaTableWriter.DeleteRowsAsync(uri, Predicate.Parse("id = 10"));
        Assert.Equal(3, first.NumTargetRowsDeleted);
        Assert.Equal(1, second.NumTargetRowsDeleted);
        var model = Model(0, 20, "a", "b");
        foreach (var id in new long[] { 0, 1, 2, 10 })
        {
            model.Remove(id);
        }

        Assert.Equal(model, await ReadAsync(uri));
        await using var store = ObjectStoreFactory.Open(uri);
        var state = await LogReplay.LoadAsync(store);
        if (deletionVectors)
        {
            var file = Assert.Single(state.Files.Values);
            Assert.Equal(4, file.DeletionVector!.Cardinality);
            Assert.Equal(new long[] { 0, 1, 2, 10 }, DecodeIndependently(dir.Path, file.DeletionVector));
            Assert.Equal(0, first.FilesAdded - first.FilesRemoved); // re-added with a vector, no new data file
        }
        else
        {
            Assert.All(state.Files.Values, f => Assert.Null(f.DeletionVector));
            Assert.Equal(0, first.DeletionVectorsAdded);
        }
    }

    [Fact]
    public async Task DeletingEveryLiveRowOfAFileWithAVectorRemovesTheFile()
    {
        using var dir = new TempDirectory("dml");
        var uri = await SeedAsync(dir, DvProperties);
        await DeltaTableWriter.DeleteRowsAsync(uri, Predicate.Parse("id < 10"));
        var result = await DeltaTableWriter.DeleteRowsAsync(uri, Predicate.Parse("id >= 10"));
        Assert.Equal(10, result.NumTargetRowsDeleted);
        Assert.Equal(0, result.FilesAdded);
        Assert.Equal(0, result.DeletionVectorsAdded);
        Assert.Empty(await ReadAsync(uri));
        await using var store = ObjectStoreFactory.Open(uri);
        Assert.Empty((await LogReplay.LoadAsync(store)).Files);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MergeUpsertUpdatesMatchedAndInsertsTheRest(bool deletionVectors)
    {
        using var dir = new TempDirectory("dml");
        var uri = await SeedAsync(dir, deletionVectors ? DvAndCdfProperties : CdfProperties);
        var source = Batch([(3, new ModelRow("m3", "a", 3.5)), (4, new ModelRow("m4", "b", 4.5)), (100, new ModelRow("new", "c", 1.0))]);
        var result = await DeltaTableWriter.MergeAsync(uri, [source], DeltaMergeOptions.Upsert("id"));
        Assert.Equal(2, result.NumTargetRowsUpdated);
        Assert.Equal(1, result.NumTargetRowsInserted);
        Assert.Equal(0, result.NumTargetRowsDeleted);
        Assert.True(result.ChangeFilesAdded > 0);
        var model = Model(0, 20, "a", "b");
        model[3] = new ModelRow("m3", "a", 3.5);
        model[4] = new ModelRow("m4", "b", 4.5);
        model[100] = new ModelRow("new", "c", 1.0);
        Assert.Equal(model, await ReadAsync(uri));
        await using var store = ObjectStoreFactory.Open(uri);
        var state = await LogReplay.LoadAsync(store);
        var info = state.CommitInfos[state.Version];
        Assert.Equal("MERGE", info.Operation);
        Assert.Equal("2", info.AdditionalFields["operationMetrics"].GetProperty("numTargetRowsUpdated").GetString());
    }

    [Fact]
    public async Task MergeWithConditionsSubsetUpdateAndDelete()
    {
        using var dir = new TempDirectory("dml");
        var uri = await SeedAsync(dir, DvProperties);
        var source = Batch([(1, new ModelRow("del", "x", 0)), (2, new ModelRow("keep", "x", 99)), (3, new ModelRow("upd3", "x", 1)), (4, new ModelRow("skip", "x", 1)), (50, new ModelRow("ins", "x", 5)), (51, new ModelRow("noins", "x", -5))]);
        var result = await DeltaTableWriter.MergeAsync(uri, [source], new DeltaMergeOptions
        {
            On = ["id"],
            WhenMatchedDelete = new DeltaMergeDelete { Condition = Predicate.Parse("source.name = 'del'") },
            WhenMatchedUpdate = new DeltaMergeUpdate { Columns = ["score"], Condition = Predicate.Parse("source.score > 50 or target.name = 'n3'") },
            WhenNotMatchedInsert = new DeltaMergeInsert { Condition = Predicate.Parse("source.score > 0") },
        });
        Assert.Equal(1, result.NumTargetRowsDeleted);
        Assert.Equal(2, result.NumTargetRowsUpdated);
        Assert.Equal(1, result.NumTargetRowsInserted);
        var model = Model(0, 20, "a", "b");
        model.Remove(1);
        model[2] = model[2] with { Score = 99 };
        model[3] = model[3] with { Score = 1 };
        model[50] = new ModelRow("ins", "x", 5);
        Assert.Equal(model, await ReadAsync(uri));
    }

    [Fact]
    public async Task MergeRejectsSeveralSourceRowsForOneTargetRow()
    {
        using var dir = new TempDirectory("dml");
        var uri = await SeedAsync(dir, null);
        var source = Batch([(3, new ModelRow("x", "a", 1)), (3, new ModelRow("y", "a", 2))]);
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => DeltaTableWriter.MergeAsync(uri, [source], DeltaMergeOptions.Upsert("id")));
        Assert.Contains("source rows matched the same target row", ex.Message, StringComparison.Ordinal);
        Assert.Equal(Model(0, 20, "a", "b"), await ReadAsync(uri));

        // Insert-only merges accept duplicate keys, as in Delta.
        var inserted = await DeltaTableWriter.MergeAsync(uri, [source], new DeltaMergeOptions { On = ["id"], WhenNotMatchedInsert = new DeltaMergeInsert() });
        Assert.True(inserted.Skipped);
    }

    [Fact]
    public async Task MergeValidatesOptions()
    {
        using var dir = new TempDirectory("dml");
        var uri = await SeedAsync(dir, null);
        var source = Batch([(3, new ModelRow("x", "a", 1))]);
        await Assert.ThrowsAsync<ValidationFailedException>(() => DeltaTableWriter.MergeAsync(uri, [source], new DeltaMergeOptions { On = [] , WhenNotMatchedInsert = new DeltaMergeInsert() }));
        await Assert.ThrowsAsync<ValidationFailedException>(() => DeltaTableWriter.MergeAsync(uri, [source], new DeltaMergeOptions { On = ["id"] }));
        await Assert.ThrowsAsync<ValidationFailedException>(() => DeltaTableWriter.MergeAsync(uri, [source], DeltaMergeOptions.Upsert("missing")));
        await Assert.ThrowsAsync<ValidationFailedException>(() => DeltaTableWriter.MergeAsync(uri, [source], new DeltaMergeOptions
        {
            On = ["id"], WhenMatchedDelete = new DeltaMergeDelete(), WhenMatchedUpdate = new DeltaMergeUpdate(),
        }));
    }

    [Fact]
    public async Task ConcurrentDeleteAndUpdateOnTheSameFileConflict()
    {
        using var dir = new TempDirectory("dml");
        foreach (var properties in new[] { null, DvProperties })
        {
            var uri = Path.Combine(dir.Path, properties is null ? "cow" : "dv");
            await CreateAsync(uri, properties);
            await DeltaTableWriter.WriteAsync(uri, [TestTables.Batch(0, 20, "a")]);
            await using var store = ObjectStoreFactory.Open(uri);
            var state = await LogReplay.LoadAsync(store);
            var deleted = await DmlOperations.DeleteAsync(store, state, Predicate.Parse("id < 5"), null, default);
            Assert.Equal(2, deleted.Version);
            var ex = await Assert.ThrowsAsync<CommitConflictException>(() => DmlOperations.UpdateAsync(store, state, Predicate.Parse("id > 15"),
                new Dictionary<string, DeltaExpression> { ["name"] = DeltaExpression.Literal("late") }, null, default));
            Assert.Contains("Commit conflict", ex.Message, StringComparison.Ordinal);
            var rows = await ReadAsync(uri);
            Assert.Equal(15, rows.Count);
            Assert.DoesNotContain(rows.Values, r => r.Name == "late");
        }
    }

    [Fact]
    public async Task ExistingCopyOnWriteDeleteNowHandlesFilesWithDeletionVectors()
    {
        using var dir = new TempDirectory("dml");
        var uri = await SeedAsync(dir, DvProperties);
        await DeltaTableWriter.DeleteAsync(uri, Predicate.Parse("id < 2"));
        var result = await DeltaTableWriter.DeleteAsync(uri, Predicate.Parse("id > 17"));
        Assert.False(result.Skipped);
        Assert.Equal(Enumerable.Range(2, 16).Select(i => (long)i), (await ReadAsync(uri)).Keys);
    }

    [Fact]
    public void ExpressionParsing()
    {
        Assert.Equal("'it''s'", DeltaExpression.Parse("'it''s'").ToString());
        Assert.Equal("score * 2", DeltaExpression.Parse("score*2").ToString());
        Assert.Equal("x - -1.5", DeltaExpression.Parse("x - -1.5").ToString());
        Assert.Equal("null", DeltaExpression.Parse("NULL").ToString());
        Assert.Equal("other", DeltaExpression.Parse("`other`").ToString());
        Assert.Throws<ValidationFailedException>(() => DeltaExpression.Parse("a + b"));
        Assert.Throws<ValidationFailedException>(() => DeltaExpression.Parse("'open"));
        Assert.Throws<ValidationFailedException>(() => DeltaExpression.Parse(""));
    }

    /// <summary>Decodes a u-type deletion vector from its file without the library: version byte, big-endian size, magic, CRC-32, array containers.</summary>
    internal static long[] DecodeIndependently(string tableRoot, DeletionVectorDescriptor dv)
    {
        Assert.Equal("u", dv.StorageType);
        var file = Path.Combine(tableRoot, dv.RelativePath());
        Assert.Matches(@"^deletion_vector_[0-9a-f-]{36}\.bin$", Path.GetFileName(file));
        var bytes = File.ReadAllBytes(file);
        Assert.Equal(1, bytes[0]);
        var offset = dv.Offset!.Value;
        var size = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset));
        Assert.Equal(dv.SizeInBytes, size);
        var data = bytes.AsSpan(offset + 4, size);
        Assert.Equal(ReferenceCrc32(data), BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset + 4 + size)));
        Assert.Equal(1681511377u, BinaryPrimitives.ReadUInt32LittleEndian(data));
        var bitmaps = BinaryPrimitives.ReadInt64LittleEndian(data[4..]);
        var position = 12;
        var values = new List<long>();
        for (var b = 0; b < bitmaps; b++)
        {
            long high = BinaryPrimitives.ReadUInt32LittleEndian(data[position..]);
            var start = position + 4;
            Assert.Equal(12346u, BinaryPrimitives.ReadUInt32LittleEndian(data[start..]));
            var containers = (int)BinaryPrimitives.ReadUInt32LittleEndian(data[(start + 4)..]);
            var end = start;
            for (var c = 0; c < containers; c++)
            {
                int key = BinaryPrimitives.ReadUInt16LittleEndian(data[(start + 8 + 4 * c)..]);
                var cardinality = BinaryPrimitives.ReadUInt16LittleEndian(data[(start + 10 + 4 * c)..]) + 1;
                var containerOffset = (int)BinaryPrimitives.ReadUInt32LittleEndian(data[(start + 8 + 4 * containers + 4 * c)..]);
                var at = start + containerOffset;
                if (cardinality <= 4096)
                {
                    for (var k = 0; k < cardinality; k++)
                    {
                        values.Add((high << 32) | ((long)key << 16) | BinaryPrimitives.ReadUInt16LittleEndian(data[(at + 2 * k)..]));
                    }

                    end = at + 2 * cardinality;
                }
                else
                {
                    for (var bit = 0; bit < 65536; bit++)
                    {
                        if ((data[at + bit / 8] & (1 << (bit % 8))) != 0)
                        {
                            values.Add((high << 32) | ((long)key << 16) | (uint)bit);
                        }
                    }

                    end = at + 8192;
                }
            }

            position = end;
        }

        Assert.Equal(size, position);
        Assert.Equal(dv.Cardinality, values.Count);
        return values.ToArray();
    }

    private static uint ReferenceCrc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
