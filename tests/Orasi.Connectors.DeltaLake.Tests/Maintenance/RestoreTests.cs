using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.DeltaLake.Log;
using Orasi.Connectors.DeltaLake.Operations;
using Orasi.Connectors.DeltaLake.Operations.Maintenance;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.Predicates;
using Orasi.Connectors.Storage;
using Orasi.Testing;
using static Orasi.Connectors.DeltaLake.Tests.Maintenance.MaintenanceTestSupport;
using static Orasi.Connectors.DeltaLake.Tests.Operations.DeltaTestTables;

namespace Orasi.Connectors.DeltaLake.Tests.Maintenance;

public sealed class RestoreTests : IDisposable
{
    private readonly TempDirectory _dir = new("delta-restore");

    public void Dispose() => _dir.Dispose();

    /// <summary>v0 append, v1 append, v2 delete, v3 overwrite; returns the rows of each version.</summary>
    private async Task<List<List<string>>> HistoryAsync()
    {
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(0, 100, "a", "b")], new DeltaWriteOptions { PartitionBy = ["part"] });
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(100, 50, "a")]);
        await DeltaTableWriter.DeleteAsync(_dir.Path, Predicate.Parse("id < 30"));
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(1000, 5, "c")], new DeltaWriteOptions { Mode = DeltaWriteMode.Overwrite });
        var rows = new List<List<string>>();
        for (var v = 0; v <= 3; v++)
        {
            rows.Add(await RowsAsync(_dir.Path, v));
        }

        return rows;
    }

    [Fact]
    public async Task Restore_to_a_version_brings_back_its_rows_with_a_restore_commit()
    {
        var rows = await HistoryAsync();

        var result = await DeltaMaintenance.RestoreAsync(_dir.Path, 1);

        Assert.True(result.Committed);
        Assert.Equal(4, result.Version);
        Assert.Equal(1, result.RestoredVersion);
        Assert.Equal(rows[1], await RowsAsync(_dir.Path));
        var commit = ReadCommit(_dir.Path, 4);
        var info = commit.OfType<CommitInfo>().Single();
        Assert.Equal("RESTORE", info.Operation);
        Assert.Equal("1", info.OperationParameters!["version"]);
        Assert.Equal(result.FilesRestored.ToString(System.Globalization.CultureInfo.InvariantCulture), info.AdditionalFields["operationMetrics"].GetProperty("numRestoredFiles").GetString());
        Assert.All(commit.OfType<AddFile>(), a => Assert.True(a.DataChange));
        Assert.All(commit.OfType<RemoveFile>(), r => Assert.True(r.DataChange));
        Assert.Equal(result.FilesRemoved, commit.OfType<RemoveFile>().Count());

        // Restoring to what the table already is commits nothing.
        var again = await DeltaMaintenance.RestoreAsync(_dir.Path, 1);
        Assert.False(again.Committed);
        Assert.Equal(4, again.Version);
    }

    [Fact]
    public async Task Restore_to_a_timestamp_uses_the_version_current_then()
    {
        var rows = await HistoryAsync();
        var t0 = DateTime.UtcNow.AddHours(-4);
        for (var v = 0; v <= 3; v++)
        {
            File.SetLastWriteTimeUtc(CommitFile(_dir.Path, v), t0.AddHours(v));
        }

        var result = await DeltaMaintenance.RestoreAsync(_dir.Path, new DateTimeOffset(t0.AddHours(2).AddMinutes(30)));

        Assert.Equal(2, result.RestoredVersion);
        Assert.Equal(rows[2], await RowsAsync(_dir.Path));
    }

    [Fact]
    public async Task Restore_brings_back_the_old_schema_and_keeps_the_protocol()
    {
        await DeltaTableWriter.WriteAsync(_dir.Path, [Batch(0, 10)]);
        var wider = new Schema.Builder().Field(new Field("id", Int64Type.Default, false)).Field(new Field("extra", StringType.Default, true)).Build();
        var extra = new RecordBatch(wider, [new Int64Array.Builder().Append(99).Build(), new StringArray.Builder().Append("e").Build()], 1);
        await DeltaTableWriter.WriteAsync(_dir.Path, [extra], new DeltaWriteOptions { SchemaMode = DeltaSchemaMode.Merge });
        await using var store = ObjectStoreFactory.Open(_dir.Path);
        var v1 = await LogReplay.LoadAsync(store);
        Assert.NotNull(v1.Metadata.ParseSchema().FindField("extra"));

        await DeltaMaintenance.RestoreAsync(_dir.Path, 0);

        var restored = await LogReplay.LoadAsync(store);
        Assert.Null(restored.Metadata.ParseSchema().FindField("extra"));
        Assert.Equal(v1.Protocol, restored.Protocol);
        Assert.Equal(await RowsAsync(_dir.Path, 0), await RowsAsync(_dir.Path));
    }

    [Fact]
    public void Protocol_merge_never_downgrades()
    {
        var legacy = new ProtocolAction { MinReaderVersion = 1, MinWriterVersion = 2 };
        var features = new ProtocolAction { MinReaderVersion = 3, MinWriterVersion = 7, ReaderFeatures = ["deletionVectors"], WriterFeatures = ["deletionVectors"] };
        Assert.Null(Restorer.MergeProtocol(features, legacy));
        Assert.Null(Restorer.MergeProtocol(legacy, legacy));
        var merged = Restorer.MergeProtocol(legacy, features);
        Assert.NotNull(merged);
        Assert.Equal((3, 7), (merged.MinReaderVersion, merged.MinWriterVersion));
        Assert.Contains("deletionVectors", merged.ReaderFeatures!);
    }

    [Fact]
    public async Task Restore_after_vacuum_removed_the_files_fails_naming_one()
    {
        var rows = await HistoryAsync();
        await using (var store = ObjectStoreFactory.Open(_dir.Path))
        {
            await Vacuumer.RunAsync(store, new DeltaVacuumOptions(), DateTimeOffset.UtcNow.AddHours(200), CancellationToken.None);
        }

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => DeltaMaintenance.RestoreAsync(_dir.Path, 1));
        Assert.Contains(".parquet'", error.Message, StringComparison.Ordinal);
        Assert.Contains("VACUUM", error.Message, StringComparison.Ordinal);
        Assert.Equal(rows[3], await RowsAsync(_dir.Path));

        await Assert.ThrowsAsync<ValidationFailedException>(() => DeltaMaintenance.RestoreAsync(_dir.Path, 99));
    }
}
