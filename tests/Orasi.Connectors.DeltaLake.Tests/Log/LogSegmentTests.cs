using System.Text;
using Orasi.Connectors.DeltaLake.Log;
using Orasi.Connectors.Storage;

namespace Orasi.Connectors.DeltaLake.Tests.Log;

public class LogSegmentTests
{
    private const string Uuid = "80a083e8-7026-4e79-81be-64bd76c43a11";

    private static ObjectMetadata F(string name) => new("_delta_log/" + name, 1, DateTimeOffset.UnixEpoch);

    private static string V(long v) => v.ToString("D20", System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<ObjectMetadata> Commits(long from, long to) =>
        Enumerable.Range((int)from, (int)(to - from + 1)).Select(v => F(V(v) + ".json"));

    private static LogSegment Resolve(IEnumerable<ObjectMetadata> listing, long? version = null, LastCheckpointHint? hint = null) =>
        LogSegmentResolver.Resolve(listing, version, hint, "memory://t");

    [Fact]
    public void Recognises_every_log_file_name()
    {
        Assert.Equal(LogFileKind.Commit, LogFileNames.Parse(F(V(3) + ".json"))!.Kind);
        Assert.Equal(LogFileKind.ClassicCheckpoint, LogFileNames.Parse(F(V(3) + ".checkpoint.parquet"))!.Kind);
        var part = LogFileNames.Parse(F(V(3) + ".checkpoint.0000000002.0000000003.parquet"))!;
        Assert.Equal((LogFileKind.MultiPartCheckpoint, 2, 3), (part.Kind, part.Part, part.Parts));
        Assert.Equal(LogFileKind.V2Checkpoint, LogFileNames.Parse(F($"{V(3)}.checkpoint.{Uuid}.json"))!.Kind);
        Assert.Equal(LogFileKind.V2Checkpoint, LogFileNames.Parse(F($"{V(3)}.checkpoint.{Uuid}.parquet"))!.Kind);
        var compaction = LogFileNames.Parse(F($"{V(3)}.{V(5)}.compacted.json"))!;
        Assert.Equal((LogFileKind.Compaction, 3L, 5L), (compaction.Kind, compaction.Version, compaction.EndVersion));
        Assert.Null(LogFileNames.Parse(F(V(3) + ".crc")));
        Assert.Null(LogFileNames.Parse(F("_last_checkpoint")));
        Assert.Null(LogFileNames.Parse(F("3.json")));
        Assert.Null(LogFileNames.Parse(F("_sidecars/" + V(3) + ".checkpoint.0000000001.0000000002.x.parquet")));
        Assert.Null(LogFileNames.Parse(new ObjectMetadata("_delta_log/_staged_commits/" + V(1) + ".json", 1, default)));
        Assert.Null(LogFileNames.Parse(F($"{V(5)}.{V(3)}.compacted.json")));
    }

    [Fact]
    public void Without_checkpoint_all_commits_from_zero_are_used()
    {
        var segment = Resolve(Commits(0, 4).Append(F(V(2) + ".crc")));
        Assert.Equal(4, segment.Version);
        Assert.Null(segment.CheckpointVersion);
        Assert.Equal([0L, 1, 2, 3, 4], segment.Commits.Select(c => c.Version));
    }

    [Fact]
    public void Newest_checkpoint_not_after_the_version_is_chosen()
    {
        var listing = Commits(0, 12).Concat([F(V(5) + ".checkpoint.parquet"), F(V(10) + ".checkpoint.parquet")]).ToList();
        var latest = Resolve(listing);
        Assert.Equal(10, latest.CheckpointVersion);
        Assert.Equal([11L, 12], latest.Commits.Select(c => c.Version));

        var travel = Resolve(listing, version: 7);
        Assert.Equal(5, travel.CheckpointVersion);
        Assert.Equal([6L, 7], travel.Commits.Select(c => c.Version));

        var atCheckpoint = Resolve(listing, version: 10);
        Assert.Empty(atCheckpoint.Commits);
    }

    [Fact]
    public void Incomplete_multi_part_checkpoints_are_ignored()
    {
        var listing = Commits(0, 12).Concat([
            F(V(5) + ".checkpoint.0000000001.0000000002.parquet"),
            F(V(5) + ".checkpoint.0000000002.0000000002.parquet"),
            F(V(10) + ".checkpoint.0000000001.0000000003.parquet"),
            F(V(10) + ".checkpoint.0000000003.0000000003.parquet"),
        ]).ToList();
        var segment = Resolve(listing);
        Assert.Equal(5, segment.CheckpointVersion);
        Assert.Equal([1, 2], segment.CheckpointFiles.Select(f => f.Part));
        Assert.Equal(Enumerable.Range(6, 7).Select(v => (long)v), segment.Commits.Select(c => c.Version));
    }

    [Fact]
    public void A_gap_after_the_checkpoint_names_the_missing_version()
    {
        var listing = Commits(0, 12).Where(f => !f.Path.Contains(V(8), StringComparison.Ordinal)).Append(F(V(5) + ".checkpoint.parquet")).ToList();
        var ex = Assert.Throws<CorruptDataException>(() => Resolve(listing));
        Assert.Contains("version 8", ex.Message, StringComparison.Ordinal);
        Assert.Contains(V(8) + ".json", ex.Message, StringComparison.Ordinal);

        // A gap before the checkpoint does not matter.
        var beforeCheckpoint = Commits(0, 12).Where(f => !f.Path.Contains(V(3), StringComparison.Ordinal)).Append(F(V(5) + ".checkpoint.parquet"));
        Assert.Equal(12, Resolve(beforeCheckpoint).Version);
    }

    [Fact]
    public void Stale_or_wrong_hint_does_not_change_the_choice()
    {
        var listing = Commits(0, 12).Concat([F(V(5) + ".checkpoint.parquet"), F(V(10) + ".checkpoint.parquet")]).ToList();
        Assert.Equal(10, Resolve(listing, hint: new LastCheckpointHint(5, null, null)).CheckpointVersion);
        Assert.Equal(10, Resolve(listing, hint: new LastCheckpointHint(99, 3, null)).CheckpointVersion);
        Assert.Null(LastCheckpointHint.TryParse(Encoding.UTF8.GetBytes("{\"version\":")));
        Assert.Null(LastCheckpointHint.TryParse(Encoding.UTF8.GetBytes("{\"size\":3}")));
        Assert.Equal(new LastCheckpointHint(7, 2, null), LastCheckpointHint.TryParse(Encoding.UTF8.GetBytes("{\"version\":7,\"size\":3,\"parts\":2}")));
    }

    [Fact]
    public void V2_checkpoint_is_preferred_and_hint_picks_among_several()
    {
        const string other = "00000000-0000-4000-8000-000000000001";
        var listing = Commits(0, 3).Concat([F(V(2) + ".checkpoint.parquet"), F($"{V(2)}.checkpoint.{Uuid}.json"), F($"{V(2)}.checkpoint.{other}.parquet")]).ToList();
        var segment = Resolve(listing);
        Assert.Equal(LogFileKind.V2Checkpoint, Assert.Single(segment.CheckpointFiles).Kind);
        var hinted = Resolve(listing, hint: new LastCheckpointHint(2, null, $"{V(2)}.checkpoint.{other}.parquet"));
        Assert.EndsWith($"{other}.parquet", Assert.Single(hinted.CheckpointFiles).Path, StringComparison.Ordinal);
        Assert.Equal([3L], segment.Commits.Select(c => c.Version));
    }

    [Fact]
    public void Compactions_inside_the_range_are_reported()
    {
        var listing = Commits(0, 6).Concat([F($"{V(1)}.{V(3)}.compacted.json"), F($"{V(4)}.{V(9)}.compacted.json")]).ToList();
        var segment = Resolve(listing);
        Assert.Equal((1L, 3L), (Assert.Single(segment.Compactions).Version, segment.Compactions[0].EndVersion));
    }

    [Fact]
    public void Missing_or_empty_log_is_table_not_found()
    {
        Assert.Throws<TableNotFoundException>(() => Resolve([]));
        Assert.Throws<TableNotFoundException>(() => Resolve([F("_last_checkpoint"), F(V(0) + ".crc")]));
    }

    [Fact]
    public void Versions_outside_the_range_list_the_available_range()
    {
        var listing = Commits(6, 12).Append(F(V(5) + ".checkpoint.parquet")).ToList();
        var tooOld = Assert.Throws<ValidationFailedException>(() => Resolve(listing, version: 3));
        Assert.Contains("5 to 12", tooOld.Message, StringComparison.Ordinal);
        var tooNew = Assert.Throws<ValidationFailedException>(() => Resolve(listing, version: 13));
        Assert.Contains("5 to 12", tooNew.Message, StringComparison.Ordinal);
        Assert.Throws<ValidationFailedException>(() => Resolve(listing, version: -1));
    }

    [Fact]
    public void Log_without_version_zero_or_checkpoint_is_corrupt() =>
        Assert.Throws<CorruptDataException>(() => Resolve(Commits(3, 5)));
}
