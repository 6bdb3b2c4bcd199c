using Orasi.Connectors.DeltaLake.Log;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.DeltaLake.Tests.Support;

namespace Orasi.Connectors.DeltaLake.Tests.Log;

public class CorpusReplayTests
{
    public static TheoryData<string> TablesWithExpected()
    {
        var data = new TheoryData<string>();
        foreach (var table in Corpus.KernelGoldenTablesWithExpected())
        {
            data.Add(table);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TablesWithExpected))]
    public async Task Replay_of_every_table_with_expected_data_yields_files_that_exist(string name)
    {
        await using var store = new DirectoryStoreForTests(Corpus.Table(name));
        var state = await LogReplay.LoadAsync(store);

        Assert.Equal(state.Segment.LatestVersion, state.Version);
        Assert.NotEmpty(state.Metadata.SchemaString);
        _ = state.Metadata.ParseSchema();
        foreach (var add in state.Files.Values)
        {
            var relative = DeltaPaths.ToTablePath(add.Path, store.Root);
            Assert.NotNull(relative);
            Assert.True(File.Exists(Path.Combine(Corpus.Table(name), relative)), $"{name}: active file '{add.Path}' (decoded '{relative}') does not exist on disk.");
            if (add.DeletionVector is { StorageType: "u" } dv)
            {
                Assert.True(File.Exists(Path.Combine(Corpus.Table(name), dv.RelativePath())), $"{name}: deletion vector '{dv.RelativePath()}' does not exist.");
            }
        }

        // Spot check against the expected dataset: an empty expected result means no live rows, which needs either no
        // files or files whose rows are all deleted; a non-empty one needs at least one file.
        long expectedRows = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Corpus.KernelGolden, name, "expected"), "*.parquet", SearchOption.AllDirectories))
        {
            using var reader = new ParquetSharp.ParquetFileReader(file);
            expectedRows += reader.FileMetaData.NumRows;
        }

        if (expectedRows > 0)
        {
            Assert.NotEmpty(state.Files);
        }
    }

    [Theory]
    [InlineData("v2-checkpoint-json", 2, 4)]
    [InlineData("v2-checkpoint-parquet", 2, 4)]
    public async Task V2_checkpoints_with_sidecars_replay(string name, long checkpointVersion, int expectedFiles)
    {
        await using var store = new DirectoryStoreForTests(Corpus.Table(name));
        var state = await LogReplay.LoadAsync(store);
        Assert.Equal(checkpointVersion, state.Segment.CheckpointVersion);
        Assert.Equal(LogFileKind.V2Checkpoint, Assert.Single(state.Segment.CheckpointFiles).Kind);
        Assert.True(state.Protocol.HasReaderFeature("v2Checkpoint"));
        Assert.True(state.Files.Count >= expectedFiles, $"expected at least {expectedFiles} files, got {state.Files.Count}");
    }

    [Fact]
    public async Task Only_checkpoint_files_uses_the_newest_checkpoint()
    {
        await using var store = new DirectoryStoreForTests(Corpus.Table("only-checkpoint-files"));
        var state = await LogReplay.LoadAsync(store);
        Assert.Equal(2, state.Segment.CheckpointVersion);
        Assert.Empty(state.Segment.Commits);
        Assert.NotEmpty(state.Files);
    }

    [Fact]
    public async Task Corrupted_last_checkpoint_is_tolerated()
    {
        await using var store = new DirectoryStoreForTests(Corpus.Table("corrupted-last-checkpoint-kernel"));
        var state = await LogReplay.LoadAsync(store);
        Assert.Equal(10, state.Segment.CheckpointVersion);
        Assert.Equal(state.Segment.LatestVersion, state.Version);
        Assert.NotEmpty(state.Files);
    }

    [Fact]
    public async Task Time_travel_to_an_older_version_uses_only_older_files()
    {
        await using var store = new DirectoryStoreForTests(Corpus.Table("corrupted-last-checkpoint-kernel"));
        var old = await LogReplay.LoadAsync(store, version: 5);
        Assert.Equal(5, old.Version);
        Assert.Null(old.Segment.CheckpointVersion);
        Assert.Equal(6, old.Segment.Commits.Count);
        Assert.Equal([0L, 1, 2, 3, 4, 5], old.CommitInfos.Keys.Order());
    }

    [Fact]
    public async Task A_version_beyond_the_log_names_the_available_range()
    {
        await using var store = new DirectoryStoreForTests(Corpus.Table("v2-checkpoint-json"));
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => LogReplay.LoadAsync(store, version: 99));
        Assert.Contains("99", ex.Message, StringComparison.Ordinal);
        Assert.Contains("0 to 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_protocol_version_is_unsupported()
    {
        await using var store = new DirectoryStoreForTests(Corpus.Table("deltalog-invalid-protocol-version"));
        var ex = await Assert.ThrowsAsync<UnsupportedFeatureException>(() => LogReplay.LoadAsync(store));
        Assert.Contains("reader version 99", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("deltalog-state-reconstruction-without-metadata", "metaData")]
    [InlineData("deltalog-state-reconstruction-without-protocol", "protocol")]
    [InlineData("deltalog-state-reconstruction-from-checkpoint-missing-metadata", "metaData")]
    public async Task Missing_protocol_or_metadata_is_corrupt(string name, string missing)
    {
        await using var store = new DirectoryStoreForTests(Corpus.Table(name));
        var ex = await Assert.ThrowsAsync<CorruptDataException>(() => LogReplay.LoadAsync(store));
        Assert.Contains($"no {missing} action", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_delta_log_folder_is_table_not_found()
    {
        await using var store = new DirectoryStoreForTests(Corpus.Table("no-delta-log-folder"));
        await Assert.ThrowsAsync<TableNotFoundException>(() => LogReplay.LoadAsync(store));
    }

    [Fact]
    public async Task Deletion_vector_keys_keep_the_newest_logical_file()
    {
        await using var store = new DirectoryStoreForTests(Corpus.Table("log-replay-dv-key-cases"));
        var state = await LogReplay.LoadAsync(store);
        // Each data path is live at most once, with the deletion vector of the newest add.
        Assert.Equal(state.Files.Count, state.Files.Keys.Select(k => k.Path).Distinct().Count());
        Assert.Contains(state.Files.Values, f => f.DeletionVector is not null);
    }

    [Fact]
    public async Task Commit_info_is_kept_per_version()
    {
        await using var store = new DirectoryStoreForTests(Corpus.Table("corrupted-last-checkpoint-kernel"));
        var state = await LogReplay.LoadAsync(store);
        Assert.Equal(state.Segment.Commits.Select(c => c.Version), state.CommitInfos.Keys.Order());
        Assert.All(state.CommitInfos.Values, c => Assert.NotNull(c.Timestamp));
    }

    [Fact]
    public async Task Metadata_without_schema_string_replays_but_its_schema_is_refused()
    {
        // deltalog-commit-info's metaData lacks schemaString. Replay tolerates it (a superseded metaData without a
        // schema, as DLT writes at version 0, must not block the table); asking for the schema names the problem.
        await using var store = new DirectoryStoreForTests(Corpus.Table("deltalog-commit-info"));
        var state = await LogReplay.LoadAsync(store);
        var ex = Assert.Throws<CorruptDataException>(() => state.Metadata.ParseSchema());
        Assert.Contains("no schemaString", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Commit_info_with_unknown_fields_keeps_them_raw()
    {
        var lines = File.ReadAllLines(Path.Combine(Corpus.Table("deltalog-commit-info"), "_delta_log", "00000000000000000000.json"));
        var line = lines.Single(l => l.StartsWith("{\"commitInfo\"", StringComparison.Ordinal));
        var info = Assert.IsType<CommitInfo>(Assert.Single(DeltaActionSerializer.ParseCommit(System.Text.Encoding.UTF8.GetBytes(line), "x.json")));
        Assert.Equal(1540415658000, info.Timestamp);
        Assert.Equal("WRITE", info.Operation);
        Assert.Equal("job_id_0", info.AdditionalFields["job"].GetProperty("jobId").GetString());
        var reparsed = Assert.IsType<CommitInfo>(Assert.Single(DeltaActionSerializer.ParseCommit(DeltaActionSerializer.SerializeCommit([info]), "y.json")));
        Assert.Equal(DeltaActionSerializer.SerializeAction(info), DeltaActionSerializer.SerializeAction(reparsed));
        Assert.Equal(info.AdditionalFields.Keys, reparsed.AdditionalFields.Keys);
    }
}

public class CheckpointStatsTests
{
    [Theory]
    [InlineData("only-checkpoint-files")]
    [InlineData("v2-checkpoint-parquet")]
    [InlineData("dv-with-columnmapping")]
    public async Task Checkpoint_adds_carry_stats_json_from_stats_or_stats_parsed(string table)
    {
        await using var store = new DirectoryStoreForTests(Corpus.Table(table));
        var state = await LogReplay.LoadAsync(store);
        Assert.NotNull(state.Segment.CheckpointVersion);
        Assert.NotEmpty(state.Files);
        foreach (var add in state.Files.Values)
        {
            Assert.NotNull(add.Stats);
            using var stats = System.Text.Json.JsonDocument.Parse(add.Stats!);
            Assert.True(stats.RootElement.GetProperty("numRecords").GetInt64() > 0);
        }
    }
}
