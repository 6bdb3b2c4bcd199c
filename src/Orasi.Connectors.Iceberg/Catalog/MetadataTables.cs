using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.Iceberg.Spec;

namespace Orasi.Connectors.Iceberg.Catalog;

/// <summary>Builds Iceberg metadata tables (snapshots, history, refs, manifests, files, partitions) as Arrow batches.</summary>
internal static class MetadataTables
{
    private static readonly TimestampType Millis = new(TimeUnit.Millisecond, "UTC");

    public static RecordBatch Snapshots(TableMetadata m)
    {
        var s = m.Snapshots;
        return new RecordBatch.Builder()
            .Append("committed_at", false, Timestamps(s.Select(x => x.TimestampMs)))
            .Append("snapshot_id", false, b => b.Int64(v => v.AppendRange(s.Select(x => x.SnapshotId))))
            .Append("parent_id", true, Longs(s.Select(x => x.ParentSnapshotId)))
            .Append("sequence_number", false, b => b.Int64(v => v.AppendRange(s.Select(x => x.SequenceNumber))))
            .Append("operation", true, Strings(s.Select(x => x.Operation)))
            .Append("manifest_list", true, Strings(s.Select(x => x.ManifestList)))
            .Build();
    }

    public static RecordBatch History(TableMetadata m)
    {
        var ancestors = new HashSet<long>();
        for (var s = m.CurrentSnapshot; s is not null; s = s.ParentSnapshotId is { } p ? m.SnapshotById(p) : null)
        {
            if (!ancestors.Add(s.SnapshotId)) break;
        }

        var log = m.SnapshotLog.Count > 0 ? m.SnapshotLog : m.Snapshots.Select(s => new SnapshotLogEntry(s.TimestampMs, s.SnapshotId)).ToList();
        var bools = new BooleanArray.Builder();
        foreach (var e in log) bools.Append(ancestors.Contains(e.SnapshotId));
        return new RecordBatch.Builder()
            .Append("made_current_at", false, Timestamps(log.Select(x => x.TimestampMs)))
            .Append("snapshot_id", false, b => b.Int64(v => v.AppendRange(log.Select(x => x.SnapshotId))))
            .Append("parent_id", true, Longs(log.Select(x => m.SnapshotById(x.SnapshotId)?.ParentSnapshotId)))
            .Append("is_current_ancestor", false, bools.Build())
            .Build();
    }

    public static RecordBatch Refs(TableMetadata m)
    {
        var refs = m.Refs.Count > 0 || m.CurrentSnapshotId is null
            ? m.Refs.OrderBy(r => r.Key, StringComparer.Ordinal).ToList()
            : [new KeyValuePair<string, SnapshotRef>("main", m.Ref("main")!)];
        return new RecordBatch.Builder()
            .Append("name", false, Strings(refs.Select(r => r.Key)))
            .Append("type", false, Strings(refs.Select(r => r.Value.Type.ToUpperInvariant())))
            .Append("snapshot_id", false, b => b.Int64(v => v.AppendRange(refs.Select(r => r.Value.SnapshotId))))
            .Append("max_reference_age_in_ms", true, Longs(refs.Select(r => r.Value.MaxRefAgeMs)))
            .Append("min_snapshots_to_keep", true, Longs(refs.Select(r => (long?)r.Value.MinSnapshotsToKeep)))
            .Append("max_snapshot_age_in_ms", true, Longs(refs.Select(r => r.Value.MaxSnapshotAgeMs)))
            .Build();
    }

    public static RecordBatch Manifests(IReadOnlyList<ManifestFile> manifests) =>
        new RecordBatch.Builder()
            .Append("content", false, b => b.Int32(v => v.AppendRange(manifests.Select(x => (int)x.Content))))
            .Append("path", false, Strings(manifests.Select(x => x.ManifestPath)))
            .Append("length", false, b => b.Int64(v => v.AppendRange(manifests.Select(x => x.ManifestLength))))
            .Append("partition_spec_id", false, b => b.Int32(v => v.AppendRange(manifests.Select(x => x.PartitionSpecId))))
            .Append("added_snapshot_id", false, b => b.Int64(v => v.AppendRange(manifests.Select(x => x.AddedSnapshotId))))
            .Append("sequence_number", false, b => b.Int64(v => v.AppendRange(manifests.Select(x => x.SequenceNumber))))
            .Append("added_files_count", true, Longs(manifests.Select(x => (long?)x.AddedFilesCount)))
            .Append("existing_files_count", true, Longs(manifests.Select(x => (long?)x.ExistingFilesCount)))
            .Append("deleted_files_count", true, Longs(manifests.Select(x => (long?)x.DeletedFilesCount)))
            .Build();

    public static RecordBatch Files(IReadOnlyList<ManifestEntry> entries) =>
        new RecordBatch.Builder()
            .Append("content", false, b => b.Int32(v => v.AppendRange(entries.Select(x => (int)x.DataFile.Content))))
            .Append("file_path", false, Strings(entries.Select(x => x.DataFile.FilePath)))
            .Append("file_format", false, Strings(entries.Select(x => x.DataFile.FileFormat)))
            .Append("spec_id", false, b => b.Int32(v => v.AppendRange(entries.Select(x => x.DataFile.SpecId))))
            .Append("partition", false, Strings(entries.Select(x => PartitionText(x.DataFile.Partition))))
            .Append("record_count", false, b => b.Int64(v => v.AppendRange(entries.Select(x => x.DataFile.RecordCount))))
            .Append("file_size_in_bytes", false, b => b.Int64(v => v.AppendRange(entries.Select(x => x.DataFile.FileSizeInBytes))))
            .Append("sequence_number", false, b => b.Int64(v => v.AppendRange(entries.Select(x => x.SequenceNumber))))
            .Build();

    public static RecordBatch Partitions(IReadOnlyList<ManifestEntry> entries)
    {
        var groups = entries.GroupBy(e => (e.DataFile.SpecId, Text: PartitionText(e.DataFile.Partition)))
            .OrderBy(g => g.Key.SpecId).ThenBy(g => g.Key.Text, StringComparer.Ordinal).ToList();
        return new RecordBatch.Builder()
            .Append("partition", false, Strings(groups.Select(g => g.Key.Text)))
            .Append("spec_id", false, b => b.Int32(v => v.AppendRange(groups.Select(g => g.Key.SpecId))))
            .Append("record_count", false, b => b.Int64(v => v.AppendRange(groups.Select(g => g.Where(e => e.DataFile.Content == DataFileContent.Data).Sum(e => e.DataFile.RecordCount)))))
            .Append("file_count", false, b => b.Int32(v => v.AppendRange(groups.Select(g => g.Count(e => e.DataFile.Content == DataFileContent.Data)))))
            .Append("position_delete_record_count", false, b => b.Int64(v => v.AppendRange(groups.Select(g => g.Where(e => e.DataFile.Content == DataFileContent.PositionDeletes).Sum(e => e.DataFile.RecordCount)))))
            .Append("equality_delete_record_count", false, b => b.Int64(v => v.AppendRange(groups.Select(g => g.Where(e => e.DataFile.Content == DataFileContent.EqualityDeletes).Sum(e => e.DataFile.RecordCount)))))
            .Build();
    }

    private static string PartitionText(IReadOnlyList<object?> partition) =>
        "{" + string.Join(", ", partition.Select(v => v switch
        {
            null => "null",
            byte[] b => Convert.ToHexString(b),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => v.ToString(),
        })) + "}";

    private static TimestampArray Timestamps(IEnumerable<long> millis)
    {
        var b = new TimestampArray.Builder(Millis);
        foreach (var ms in millis) b.Append(DateTimeOffset.FromUnixTimeMilliseconds(ms));
        return b.Build();
    }

    private static Int64Array Longs(IEnumerable<long?> values)
    {
        var b = new Int64Array.Builder();
        foreach (var v in values)
        {
            if (v is { } x) b.Append(x); else b.AppendNull();
        }

        return b.Build();
    }

    private static StringArray Strings(IEnumerable<string?> values)
    {
        var b = new StringArray.Builder();
        foreach (var v in values)
        {
            if (v is null) b.AppendNull(); else b.Append(v);
        }

        return b.Build();
    }
}
