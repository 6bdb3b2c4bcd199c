using Avro;
using Avro.File;
using Avro.Generic;

namespace Orasi.Connectors.Iceberg.Spec;

/// <summary>Reads manifest lists and manifests (Avro) with Apache.Avro generic records.</summary>
public static class ManifestReader
{
    /// <summary>Reads a manifest list.</summary>
    /// <param name="content">The file's bytes.</param>
    /// <param name="fileName">The file's location, for error messages.</param>
    /// <exception cref="CorruptDataException">The file is not a valid manifest list.</exception>
    public static IReadOnlyList<ManifestFile> ReadManifestList(ReadOnlyMemory<byte> content, string fileName)
    {
        var result = new List<ManifestFile>();
        foreach (var r in ReadRecords(content, fileName, out _))
        {
            try
            {
                var path = AvroValues.String(r, "manifest_path") ?? throw new FormatException("manifest_path is missing");
                var contentValue = AvroValues.Int(r, "content") ?? 0;
                var partitions = AvroValues.Get(r, "partitions") is System.Collections.IEnumerable parts
                    ? parts.Cast<GenericRecord>().Select(p => new PartitionFieldSummary(
                        AvroValues.Get(p, "contains_null") is true,
                        AvroValues.Get(p, "contains_nan") as bool?,
                        AvroValues.Get(p, "lower_bound") is { } lb ? AvroValues.ToBytes(lb) : null,
                        AvroValues.Get(p, "upper_bound") is { } ub ? AvroValues.ToBytes(ub) : null)).ToList()
                    : null;
                var seq = AvroValues.Long(r, "sequence_number") ?? 0;
                result.Add(new ManifestFile(
                    path,
                    AvroValues.Long(r, "manifest_length") ?? 0,
                    AvroValues.Int(r, "partition_spec_id") ?? 0,
                    (ManifestContent)contentValue,
                    seq,
                    AvroValues.Long(r, "min_sequence_number") ?? seq,
                    AvroValues.Long(r, "added_snapshot_id") ?? 0)
                {
                    AddedFilesCount = AvroValues.Int(r, "added_files_count") ?? AvroValues.Int(r, "added_data_files_count"),
                    ExistingFilesCount = AvroValues.Int(r, "existing_files_count") ?? AvroValues.Int(r, "existing_data_files_count"),
                    DeletedFilesCount = AvroValues.Int(r, "deleted_files_count") ?? AvroValues.Int(r, "deleted_data_files_count"),
                    AddedRowsCount = AvroValues.Long(r, "added_rows_count"),
                    ExistingRowsCount = AvroValues.Long(r, "existing_rows_count"),
                    DeletedRowsCount = AvroValues.Long(r, "deleted_rows_count"),
                    Partitions = partitions,
                    KeyMetadata = AvroValues.Get(r, "key_metadata") is { } km ? AvroValues.ToBytes(km) : null,
                    FirstRowId = AvroValues.Long(r, "first_row_id"),
                });
            }
            catch (Exception ex) when (ex is FormatException or InvalidCastException)
            {
                throw new CorruptDataException($"Manifest list '{fileName}' has an invalid entry: {ex.Message}; the table metadata is corrupt.", ex);
            }
        }

        return result;
    }

    /// <summary>
    /// Reads a manifest and applies the inheritance rules: a null snapshot id inherits the manifest's
    /// <c>added_snapshot_id</c>; a null sequence number of an added file inherits the manifest's sequence number.
    /// </summary>
    /// <param name="content">The file's bytes.</param>
    /// <param name="fileName">The file's location, for error messages.</param>
    /// <param name="manifest">The manifest list entry (gives inherited values and the spec id); null for v1 snapshots without a list.</param>
    /// <param name="partitionType">The partition struct type (to type partition values), or null to keep the Avro values.</param>
    /// <exception cref="CorruptDataException">The file is not a valid manifest.</exception>
    public static IReadOnlyList<ManifestEntry> ReadManifest(ReadOnlyMemory<byte> content, string fileName, ManifestFile? manifest, StructType? partitionType)
    {
        var result = new List<ManifestEntry>();
        var records = ReadRecords(content, fileName, out var meta);
        var specId = manifest?.PartitionSpecId ?? (meta.TryGetValue("partition-spec-id", out var sid) && int.TryParse(sid, out var s) ? s : 0);
        foreach (var r in records)
        {
            try
            {
                var status = (ManifestEntryStatus)(AvroValues.Int(r, "status") ?? throw new FormatException("status is missing"));
                var snapshotId = AvroValues.Long(r, "snapshot_id") ?? manifest?.AddedSnapshotId;
                var seq = AvroValues.Long(r, "sequence_number");
                var fileSeq = AvroValues.Long(r, "file_sequence_number");
                if (seq is null)
                {
                    seq = manifest is null ? 0 : status == ManifestEntryStatus.Added || manifest.SequenceNumber == 0 ? manifest.SequenceNumber : throw new FormatException("an existing entry has no sequence_number");
                }

                if (fileSeq is null && manifest is not null && (status == ManifestEntryStatus.Added || manifest.SequenceNumber == 0))
                {
                    fileSeq = manifest.SequenceNumber;
                }

                var df = AvroValues.Get(r, "data_file") as GenericRecord ?? throw new FormatException("data_file is missing");
                result.Add(new ManifestEntry(status, snapshotId, seq.Value, fileSeq, ReadDataFile(df, specId, partitionType)));
            }
            catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException)
            {
                throw new CorruptDataException($"Manifest '{fileName}' has an invalid entry: {ex.Message}; the table metadata is corrupt.", ex);
            }
        }

        return result;
    }

    private static DataFile ReadDataFile(GenericRecord df, int specId, StructType? partitionType)
    {
        var partition = new List<object?>();
        if (AvroValues.Get(df, "partition") is GenericRecord p)
        {
            var fields = p.Schema.Fields;
            for (var i = 0; i < fields.Count; i++)
            {
                var type = partitionType is not null && i < partitionType.Fields.Count ? partitionType.Fields[i].Type : null;
                partition.Add(AvroValues.ToIceberg(p.GetValue(i), type));
            }
        }

        return new DataFile(
            (DataFileContent)(AvroValues.Int(df, "content") ?? 0),
            AvroValues.String(df, "file_path") ?? throw new FormatException("data_file.file_path is missing"),
            (AvroValues.Get(df, "file_format") is GenericEnum e ? e.Value : AvroValues.Get(df, "file_format") as string) ?? "PARQUET",
            partition,
            AvroValues.Long(df, "record_count") ?? throw new FormatException("data_file.record_count is missing"),
            AvroValues.Long(df, "file_size_in_bytes") ?? 0)
        {
            SpecId = specId,
            ColumnSizes = AvroValues.IntMap(AvroValues.Get(df, "column_sizes"), AvroValues.ToLong),
            ValueCounts = AvroValues.IntMap(AvroValues.Get(df, "value_counts"), AvroValues.ToLong),
            NullValueCounts = AvroValues.IntMap(AvroValues.Get(df, "null_value_counts"), AvroValues.ToLong),
            NanValueCounts = AvroValues.IntMap(AvroValues.Get(df, "nan_value_counts"), AvroValues.ToLong),
            LowerBounds = AvroValues.IntMap(AvroValues.Get(df, "lower_bounds"), AvroValues.ToBytes),
            UpperBounds = AvroValues.IntMap(AvroValues.Get(df, "upper_bounds"), AvroValues.ToBytes),
            KeyMetadata = AvroValues.Get(df, "key_metadata") is { } km ? AvroValues.ToBytes(km) : null,
            SplitOffsets = AvroValues.Get(df, "split_offsets") is System.Collections.IEnumerable so ? so.Cast<object>().Select(AvroValues.ToLong).ToList() : null,
            EqualityIds = AvroValues.Get(df, "equality_ids") is System.Collections.IEnumerable eq ? eq.Cast<object>().Select(o => Convert.ToInt32(o, System.Globalization.CultureInfo.InvariantCulture)).ToList() : null,
            SortOrderId = AvroValues.Int(df, "sort_order_id"),
            FirstRowId = AvroValues.Long(df, "first_row_id"),
            ReferencedDataFile = AvroValues.String(df, "referenced_data_file"),
            ContentOffset = AvroValues.Long(df, "content_offset"),
            ContentSizeInBytes = AvroValues.Long(df, "content_size_in_bytes"),
        };
    }

    private static List<GenericRecord> ReadRecords(ReadOnlyMemory<byte> content, string fileName, out Dictionary<string, string> metadata)
    {
        metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var stream = new MemoryStream(content.ToArray(), writable: false);
            using var reader = DataFileReader<GenericRecord>.OpenReader(stream);
            foreach (var key in reader.GetMetaKeys())
            {
                metadata[key] = reader.GetMetaString(key);
            }

            var list = new List<GenericRecord>();
            while (reader.HasNext())
            {
                list.Add(reader.Next());
            }

            return list;
        }
        catch (AvroException ex)
        {
            throw new CorruptDataException($"Avro file '{fileName}' cannot be read ({ex.Message}); the table metadata is corrupt.", ex);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or EndOfStreamException)
        {
            throw new CorruptDataException($"Avro file '{fileName}' cannot be read ({ex.Message}); the table metadata is corrupt.", ex);
        }
    }
}
