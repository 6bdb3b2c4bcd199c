using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.DeltaLake.Log;
using Orasi.Connectors.DeltaLake.Operations;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.Predicates;
using Orasi.Connectors.Storage;
using Orasi.Testing;
using Orasi.Testing.DuckDb;
using static Orasi.Connectors.DeltaLake.Tests.Operations.DeltaTestTables;

namespace Orasi.Connectors.DeltaLake.Tests.Operations;

public sealed class DeltaTableWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new("delta-write");

    public void Dispose() => _dir.Dispose();

    private IObjectStore Store() => ObjectStoreFactory.Open(_dir.Path);

    [Fact]
    public async Task AppendTwiceThenOverwriteRoundTrips()
    {
        var r0 = await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(0, 100)]);
        var r1 = await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(100, 50)]);
        Assert.Equal(0, r0.Version);
        Assert.Equal(1, r1.Version);
        await using var store = Store();
        var (state, rows) = await ReadAllAsync(store);
        Assert.Equal(Enumerable.Range(0, 150).Select(i => (long)i), rows.Select(r => (long)r["id"]!).Order());
        Assert.Equal("n42", rows.Single(r => (long)r["id"]! == 42)["name"]);
        Assert.Equal(new ProtocolAction { MinReaderVersion = 1, MinWriterVersion = 2 }, state.Protocol);
        var info = state.CommitInfos[1];
        Assert.Equal("WRITE", info.Operation);
        Assert.True(info.IsBlindAppend);
        Assert.StartsWith("orasi-connectors/", info.EngineInfo, StringComparison.Ordinal);
        Assert.Equal("50", info.AdditionalFields["operationMetrics"].GetProperty("numOutputRows").GetString());

        var r2 = await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(1000, 10)], new DeltaWriteOptions { Mode = DeltaWriteMode.Overwrite });
        Assert.Equal(2, r2.Version);
        Assert.Equal(2, r2.FilesRemoved);
        var (after, rows2) = await ReadAllAsync(store);
        Assert.Equal(Enumerable.Range(1000, 10).Select(i => (long)i), rows2.Select(r => (long)r["id"]!).Order());
        Assert.False(after.CommitInfos[2].IsBlindAppend);
        Assert.Equal(2, after.Tombstones.Count);

        // Time travel still sees the old files.
        var (_, old) = await ReadAllAsync(store, 1);
        Assert.Equal(150, old.Count);
    }

    [Fact]
    public async Task ErrorIfExistsAndIgnoreModes()
    {
        await DeltaTableWriter.CreateAsync(_dir.Path, TestSchema);
        await Assert.ThrowsAsync<ValidationFailedException>(() => DeltaTableWriter.CreateAsync(_dir.Path, TestSchema));
        var ignored = await DeltaTableWriter.CreateAsync(_dir.Path, TestSchema, mode: DeltaWriteMode.Ignore);
        Assert.True(ignored.Skipped);
        await Assert.ThrowsAsync<ValidationFailedException>(() => DeltaTableWriter.WriteAsync(_dir.Path, [Batch(0, 1)], new DeltaWriteOptions { Mode = DeltaWriteMode.ErrorIfExists }));
        var skipped = await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(0, 1)], new DeltaWriteOptions { Mode = DeltaWriteMode.Ignore });
        Assert.True(skipped.Skipped);
        Assert.Equal(0, skipped.Version);
    }

    [Fact]
    public async Task PartitionedWriteEscapesPathsAndKeepsNulls()
    {
        string?[] parts = ["a/b", "x=y %z", null, "", "ünï"];
        await DeltaTableWriter.WriteAsync(_dir.Path, DeltaTestTables.Async(Batch(0, 50, parts)), new DeltaWriteOptions { PartitionBy = ["part"] });
        await using var store = Store();
        var (state, rows) = await ReadAllAsync(store);
        Assert.Equal(["part"], state.Metadata.PartitionColumns);
        Assert.Equal(4, state.Files.Count); // null and empty string are both the null partition
        foreach (var add in state.Files.Values)
        {
            var stored = DeltaPaths.DecodeRelative(add.Path);
            Assert.NotNull(await store.HeadAsync(stored));
            Assert.Matches(@"part-\d{5}-[0-9a-f\-]{36}-c000\.snappy\.parquet$", stored);
            var value = add.PartitionValues["part"];
            Assert.StartsWith(HivePartitionPath.Segment("part", value) + "/", stored, StringComparison.Ordinal);
        }

        Assert.Contains(state.Files.Values, a => a.Path.StartsWith("part=a%252Fb/", StringComparison.Ordinal));
        Assert.Contains(state.Files.Values, a => a.Path.StartsWith("part=__HIVE_DEFAULT_PARTITION__/", StringComparison.Ordinal) && a.PartitionValues["part"] is null);
        Assert.Equal(50, rows.Count);
        foreach (var row in rows)
        {
            var expected = parts[(long)row["id"]! % parts.Length];
            Assert.Equal(string.IsNullOrEmpty(expected) ? null : expected, row["part"]);
        }

        // Partition columns are not stored in the data files.
        using var duck = new DuckDbReader();
        var file = state.Files.Values.First();
        var fileColumns = duck.Query($"select name from parquet_schema({DuckDbReader.Literal(_dir.Combine(DeltaPaths.DecodeRelative(file.Path)))})").Select(r => (string)r[0]!).ToList();
        Assert.Contains("id", fileColumns);
        Assert.DoesNotContain("part", fileColumns);
    }

    [Fact]
    public async Task StatsMatchTheData()
    {
        var longName = new string('z', 40);
        var names = new StringArray.Builder().Append("b").AppendNull().Append(longName).Build();
        var schema = new Schema.Builder()
            .Field(new Field("name", StringType.Default, true))
            .Field(new Field("n", Int32Type.Default, true))
            .Field(new Field("ts", new TimestampType(TimeUnit.Nanosecond, "UTC"), true))
            .Field(new Field("bin", BinaryType.Default, true))
            .Field(new Field("s", new Apache.Arrow.Types.StructType([new Field("x", DoubleType.Default, true)]), true))
            .Build();
        var ns = new TimestampArray.Builder(new TimestampType(TimeUnit.Nanosecond, "UTC"));
        var baseTime = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
        ns.Append(baseTime.AddTicks(5)).Append(baseTime.AddMilliseconds(7).AddTicks(10)).AppendNull();
        var bin = new BinaryArray.Builder().Append([1, 2]).AppendNull().AppendNull().Build();
        var x = new DoubleArray.Builder().Append(1.5).Append(-2).AppendNull().Build();
        var s = new StructArray(new Apache.Arrow.Types.StructType([new Field("x", DoubleType.Default, true)]), 3, [x], ArrowBuffer.Empty);
        var batch = new RecordBatch(schema, [names, new Int32Array.Builder().Append(3).Append(-1).Append(9).Build(), ns.Build(), bin, s], 3);
        await DeltaTableWriter.WriteAsync(_dir.Path, [batch]);
        await using var store = Store();
        var state = await LogReplay.LoadAsync(store);
        using var stats = JsonDocument.Parse(state.Files.Values.Single().Stats!);
        var root = stats.RootElement;
        Assert.Equal(3, root.GetProperty("numRecords").GetInt64());
        Assert.Equal(-1, root.GetProperty("minValues").GetProperty("n").GetInt64());
        Assert.Equal(9, root.GetProperty("maxValues").GetProperty("n").GetInt64());
        Assert.Equal("b", root.GetProperty("minValues").GetProperty("name").GetString());
        Assert.Equal(new string('z', 32) + "\uFFFD", root.GetProperty("maxValues").GetProperty("name").GetString());
        Assert.Equal(1, root.GetProperty("nullCount").GetProperty("name").GetInt64());
        Assert.Equal("2024-05-01T12:00:00.000Z", root.GetProperty("minValues").GetProperty("ts").GetString());
        Assert.Equal("2024-05-01T12:00:00.008Z", root.GetProperty("maxValues").GetProperty("ts").GetString());
        Assert.False(root.GetProperty("minValues").TryGetProperty("bin", out _));
        Assert.Equal(2, root.GetProperty("nullCount").GetProperty("bin").GetInt64());
        Assert.Equal(-2, root.GetProperty("minValues").GetProperty("s").GetProperty("x").GetDouble());
        Assert.Equal(1, root.GetProperty("nullCount").GetProperty("s").GetProperty("x").GetInt64());
        // ns timestamps were stored as microseconds.
        Assert.Equal(new TimestampType(TimeUnit.Microsecond, "UTC").Unit, ((TimestampType)DeltaArrowSchema.ToArrow(state.Metadata.ParseSchema()).GetFieldByName("ts").DataType).Unit);
    }

    [Fact]
    public async Task NumIndexedColumnsLimitsStats()
    {
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(0, 10)], new DeltaWriteOptions { Configuration = new Dictionary<string, string> { ["delta.dataSkippingNumIndexedCols"] = "2" } });
        await using var store = Store();
        var state = await LogReplay.LoadAsync(store);
        using var stats = JsonDocument.Parse(state.Files.Values.Single().Stats!);
        var names = stats.RootElement.GetProperty("nullCount").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["id", "name"], names);
    }

    [Fact]
    public async Task ReplaceWhereRemovesAndRewrites()
    {
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(0, 40, "a", "b")], new DeltaWriteOptions { PartitionBy = ["part"] });
        // Partition-level replace: rows of part a replaced.
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(1000, 5, "a")], new DeltaWriteOptions { Mode = DeltaWriteMode.Overwrite, ReplaceWhere = Predicate.Parse("part = 'a'") });
        await using var store = Store();
        var (_, rows) = await ReadAllAsync(store);
        Assert.Equal(20 + 5, rows.Count);
        Assert.All(rows.Where(r => (string?)r["part"] == "a"), r => Assert.True((long)r["id"]! >= 1000));

        // Data-column replace: files partially matching are rewritten.
        var result = await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(2000, 2, "b")], new DeltaWriteOptions { Mode = DeltaWriteMode.Overwrite, ReplaceWhere = Predicate.Parse("part = 'b' and (id < 10 or id >= 2000)") });
        var (_, rows2) = await ReadAllAsync(store);
        var ids = rows2.Select(r => (long)r["id"]!).Order().ToList();
        Assert.DoesNotContain(ids, i => i < 10);
        Assert.Equal(25 - 5 + 2, ids.Count);
        Assert.Equal(1, result.FilesRemoved);

        var bad = await Assert.ThrowsAsync<ValidationFailedException>(() => DeltaTableWriter.WriteAsync(_dir.Path, [Batch(3000, 1, "a")],
            new DeltaWriteOptions { Mode = DeltaWriteMode.Overwrite, ReplaceWhere = Predicate.Parse("part = 'b'") }));
        Assert.Contains("ReplaceWhere", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SchemaMismatchMergeAndOverwrite()
    {
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(0, 3)]);
        var extra = new Schema.Builder().Field(new Field("id", Int64Type.Default, false)).Field(new Field("extra", Int32Type.Default, true)).Build();
        var extraBatch = new RecordBatch(extra, [new Int64Array.Builder().Append(7).Build(), new Int32Array.Builder().Append(1).Build()], 1);
        var mismatch = await Assert.ThrowsAsync<ValidationFailedException>(() => DeltaTableWriter.WriteAsync(_dir.Path, [extraBatch]));
        Assert.Contains("'extra'", mismatch.Message, StringComparison.Ordinal);
        var wrongType = new Schema.Builder().Field(new Field("id", StringType.Default, false)).Build();
        var typeError = await Assert.ThrowsAsync<ValidationFailedException>(() => DeltaTableWriter.WriteAsync(_dir.Path,
            [new RecordBatch(wrongType, [new StringArray.Builder().Append("x").Build()], 1)]));
        Assert.Contains("'id' has type string but the table has long", typeError.Message, StringComparison.Ordinal);

        await DeltaTableWriter.WriteAsync(_dir.Path, [extraBatch], new DeltaWriteOptions { SchemaMode = DeltaSchemaMode.Merge });
        await using var store = Store();
        var (state, rows) = await ReadAllAsync(store);
        Assert.Equal(["id", "name", "part", "score", "ts", "extra"], state.Metadata.ParseSchema().Fields.Select(f => f.Name));
        Assert.Equal(4, rows.Count);
        Assert.Equal(1L, rows.Single(r => (long)r["id"]! == 7)["extra"]);
        Assert.Null(rows.Single(r => (long)r["id"]! == 0)["extra"]);

        await Assert.ThrowsAsync<ValidationFailedException>(() => DeltaTableWriter.WriteAsync(_dir.Path, [extraBatch], new DeltaWriteOptions { SchemaMode = DeltaSchemaMode.Overwrite }));
        await DeltaTableWriter.WriteAsync(_dir.Path, [extraBatch], new DeltaWriteOptions { Mode = DeltaWriteMode.Overwrite, SchemaMode = DeltaSchemaMode.Overwrite });
        var (state2, rows2) = await ReadAllAsync(store);
        Assert.Equal(["id", "extra"], state2.Metadata.ParseSchema().Fields.Select(f => f.Name));
        Assert.Single(rows2);
    }

    [Fact]
    public async Task IdempotentWritesAreSkipped()
    {
        var options = new DeltaWriteOptions { AppId = "job-1", AppVersion = 5 };
        var first = await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(0, 10)], options);
        var replay = await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(0, 10)], options);
        var older = await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(0, 10)], options with { AppVersion = 4 });
        var next = await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(10, 10)], options with { AppVersion = 6 });
        Assert.False(first.Skipped);
        Assert.True(replay.Skipped);
        Assert.True(older.Skipped);
        Assert.Equal(first.Version, replay.Version);
        Assert.Equal(first.Version + 1, next.Version);
        await using var store = Store();
        var (state, rows) = await ReadAllAsync(store);
        Assert.Equal(20, rows.Count);
        Assert.Equal(6, state.Transactions["job-1"].Version);
    }

    [Fact]
    public async Task CheckpointAtVersionTenIsReadBack()
    {
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(0, 5, "a", null)], new DeltaWriteOptions { PartitionBy = ["part"], AppId = "app", AppVersion = 0 });
        for (var v = 1; v <= 10; v++)
        {
            var options = v == 5
                ? new DeltaWriteOptions { Mode = DeltaWriteMode.Overwrite, ReplaceWhere = Predicate.Parse("part = 'a'") }
                : new DeltaWriteOptions { AppId = "app", AppVersion = v };
            await DeltaTableWriter.WriteAsync(_dir.Path, [v == 5 ? Batch(v * 100, 5, "a") : Batch(v * 100, 5, "a", null)], options);
        }

        await using var store = Store();
        Assert.NotNull(await store.HeadAsync("_delta_log/00000000000000000010.checkpoint.parquet"));
        Assert.Null(await store.HeadAsync("_delta_log/00000000000000000009.checkpoint.parquet"));
        using var hint = JsonDocument.Parse((await store.GetAsync("_delta_log/_last_checkpoint")).ToArray());
        Assert.Equal(10, hint.RootElement.GetProperty("version").GetInt64());

        var fromCheckpoint = await LogReplay.LoadAsync(store);
        Assert.Equal(10, fromCheckpoint.Version);
        Assert.Equal(10, fromCheckpoint.Segment.CheckpointVersion);
        Assert.Empty(fromCheckpoint.Segment.Commits);
        Assert.Equal(fromCheckpoint.Files.Count, hint.RootElement.GetProperty("numOfAddFiles").GetInt64());
        Assert.True(hint.RootElement.GetProperty("sizeInBytes").GetInt64() > 0);

        // Replay from commits only (no checkpoint) gives the same state.
        var lastCommit = await LogReplay.ReplayAsync(store, LogSegmentResolver.Resolve(
            await store.ListAsync("_delta_log/").Where(o => o.Path.EndsWith(".json", StringComparison.Ordinal)).ToListAsync(), null, null, _dir.Path));
        Assert.Equal(lastCommit.Files.Keys.ToHashSet(), fromCheckpoint.Files.Keys.ToHashSet());
        Assert.Equal(lastCommit.Protocol, fromCheckpoint.Protocol);
        Assert.Equal(lastCommit.Metadata.SchemaString, fromCheckpoint.Metadata.SchemaString);
        Assert.Equal(lastCommit.Metadata.PartitionColumns, fromCheckpoint.Metadata.PartitionColumns);
        Assert.Equal(10, fromCheckpoint.Transactions["app"].Version);
        foreach (var (key, add) in lastCommit.Files)
        {
            var restored = fromCheckpoint.Files[key];
            Assert.Equal(add.Stats, restored.Stats);
            Assert.Equal(add.PartitionValues.OrderBy(k => k.Key), restored.PartitionValues.OrderBy(k => k.Key));
            Assert.Equal(add.Size, restored.Size);
        }

        Assert.Equal(lastCommit.Tombstones.Keys.ToHashSet(), fromCheckpoint.Tombstones.Keys.ToHashSet());
        var (_, rows) = await ReadAllAsync(store);
        Assert.Equal(lastCommit.Files.Values.Sum(a => JsonDocument.Parse(a.Stats!).RootElement.GetProperty("numRecords").GetInt64()), rows.Count);

        // Writing on top of the checkpoint still works.
        var after = await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(5000, 1)]);
        Assert.Equal(11, after.Version);
    }

    [Fact]
    public async Task FailingSourceLeavesTablePreviousVersion()
    {
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(0, 10)]);
        async IAsyncEnumerable<RecordBatch> Failing()
        {
            yield return Batch(100, 1000);
            await Task.Yield();
            throw new InvalidOperationException("source broke");
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => DeltaTableWriter.WriteAsync(_dir.Path, Failing(), new DeltaWriteOptions { TargetFileSize = 4096 }));
        await using var store = Store();
        var (state, rows) = await ReadAllAsync(store);
        Assert.Equal(0, state.Version);
        Assert.Equal(10, rows.Count);
        var dataFiles = Directory.GetFiles(_dir.Path, "*.parquet", SearchOption.AllDirectories);
        Assert.Single(dataFiles); // the failed write's files were cleaned up
    }

    [Fact]
    public async Task FilesRollAtTargetSizeAndDuckDbAgreesWithStats()
    {
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(0, 20_000, "a", "b"), Batch(20_000, 20_000, "a", "b")],
            new DeltaWriteOptions { PartitionBy = ["part"], TargetFileSize = 128 * 1024, Compression = Orasi.Connectors.Parquet.ParquetCompression.Zstd });
        await using var store = Store();
        var state = await LogReplay.LoadAsync(store);
        Assert.True(state.Files.Count > 4, $"expected rolled files, got {state.Files.Count}");
        using var duck = new DuckDbReader();
        long total = 0;
        foreach (var add in state.Files.Values)
        {
            var path = _dir.Combine(DeltaPaths.DecodeRelative(add.Path));
            Assert.EndsWith(".zstd.parquet", path, StringComparison.Ordinal);
            Assert.True(add.Size <= 160 * 1024, $"file {add.Path} has {add.Size} bytes");
            Assert.Equal(new FileInfo(path).Length, add.Size);
            var records = JsonDocument.Parse(add.Stats!).RootElement.GetProperty("numRecords").GetInt64();
            Assert.Equal(records, duck.CountRows(path));
            total += records;
        }

        Assert.Equal(40_000, total);
    }

    [Fact]
    public async Task DeleteRewritesPartiallyMatchingFiles()
    {
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(0, 30, "a", "b", "c")], new DeltaWriteOptions { PartitionBy = ["part"] });
        var none = await DeltaTableWriter.DeleteAsync(_dir.Path, Predicate.Parse("id > 1000"));
        Assert.True(none.Skipped);
        var result = await DeltaTableWriter.DeleteAsync(_dir.Path, Predicate.Parse("part = 'a' or id < 5"));
        Assert.False(result.Skipped);
        Assert.Equal(3, result.FilesRemoved); // a removed entirely, b and c rewritten
        await using var store = Store();
        var (state, rows) = await ReadAllAsync(store);
        Assert.Equal("DELETE", state.CommitInfos[state.Version].Operation);
        var ids = rows.Select(r => (long)r["id"]!).ToHashSet();
        Assert.Equal(Enumerable.Range(0, 30).Where(i => i % 3 != 0 && i >= 5).Select(i => (long)i).ToHashSet(), ids);
        await DeltaTableWriter.DeleteAsync(_dir.Path, null);
        Assert.Empty((await ReadAllAsync(store)).Rows);
    }

    [Fact]
    public async Task ColumnMappingUsesPhysicalNamesAndFieldIds()
    {
        var config = new Dictionary<string, string> { ["delta.columnMapping.mode"] = "id" };
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(0, 12, "a", "b")], new DeltaWriteOptions { PartitionBy = ["part"], Configuration = config });
        await DeltaTableWriter.DeleteAsync(_dir.Path, Predicate.Parse("id = 3"));
        await using var store = Store();
        var (state, rows) = await ReadAllAsync(store);
        Assert.Equal(new ProtocolAction { MinReaderVersion = 2, MinWriterVersion = 5 }, state.Protocol);
        Assert.Equal("5", state.Metadata.Configuration["delta.columnMapping.maxColumnId"]);
        Assert.Equal(11, rows.Count);
        Assert.DoesNotContain(rows, r => (long)r["id"]! == 3);
        var schema = state.Metadata.ParseSchema();
        var add = state.Files.Values.First();
        Assert.True(add.PartitionValues.ContainsKey(schema.FindField("part")!.PhysicalName!));
        using var stats = JsonDocument.Parse(add.Stats!);
        Assert.True(stats.RootElement.GetProperty("minValues").TryGetProperty(schema.FindField("id")!.PhysicalName!, out _));
        using var duck = new DuckDbReader();
        var columns = duck.Query($"select name from parquet_schema({DuckDbReader.Literal(_dir.Combine(DeltaPaths.DecodeRelative(add.Path)))}) where num_children is null or num_children = 0").Select(r => (string)r[0]!).ToList();
        Assert.Equal(4, columns.Count);
        Assert.All(columns, c => Assert.StartsWith("col-", c, StringComparison.Ordinal));
        var ids = duck.Query($"select field_id from parquet_schema({DuckDbReader.Literal(_dir.Combine(DeltaPaths.DecodeRelative(add.Path)))}) where field_id is not null");
        Assert.Equal(4, ids.Count);
    }

    [Fact]
    public async Task ProtocolFollowsFeatures()
    {
        var ntz = new Schema.Builder().Field(new Field("t", new TimestampType(TimeUnit.Microsecond, (string?)null), true)).Field(new Field("v", Int32Type.Default, true)).Build();
        await DeltaTableWriter.CreateAsync(_dir.Combine("ntz"), ntz);
        await DeltaTableWriter.CreateAsync(_dir.Combine("dv"), TestSchema, properties: new Dictionary<string, string> { ["delta.enableDeletionVectors"] = "true", ["delta.columnMapping.mode"] = "name" });
        await using var ntzStore = ObjectStoreFactory.Open(_dir.Combine("ntz"));
        await using var dvStore = ObjectStoreFactory.Open(_dir.Combine("dv"));
        var p1 = (await LogReplay.LoadAsync(ntzStore)).Protocol;
        Assert.Equal((3, 7), (p1.MinReaderVersion, p1.MinWriterVersion));
        Assert.True(p1.HasReaderFeature("timestampNtz") && p1.HasWriterFeature("timestampNtz"));
        var p2 = (await LogReplay.LoadAsync(dvStore)).Protocol;
        Assert.True(p2.HasReaderFeature("deletionVectors") && p2.HasReaderFeature("columnMapping") && p2.HasWriterFeature("columnMapping"));
    }

    [Fact]
    public async Task InCommitTimestampsIncrease()
    {
        var config = new Dictionary<string, string> { ["delta.enableInCommitTimestamps"] = "true" };
        for (var i = 0; i < 3; i++)
        {
            await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(i, 1)], new DeltaWriteOptions { Configuration = config });
        }

        await using var store = Store();
        var state = await LogReplay.LoadAsync(store);
        Assert.True(state.Protocol.HasWriterFeature("inCommitTimestamp"));
        var icts = Enumerable.Range(0, 3).Select(v => state.CommitInfos[v].InCommitTimestamp!.Value).ToList();
        Assert.True(icts[0] < icts[1] && icts[1] < icts[2]);
        var first = (await store.GetAsync("_delta_log/00000000000000000001.json")).ToArray();
        Assert.StartsWith("{\"commitInfo\"", System.Text.Encoding.UTF8.GetString(first), StringComparison.Ordinal);
    }
}
