using System.IO.Compression;
using Apache.Arrow.Types;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Iceberg.Tests.Support;

namespace Orasi.Connectors.Iceberg.Tests.Spec;

public sealed class TableMetadataTests
{
    [Fact]
    public void Bad_metadata_fails_naming_the_file()
    {
        var path = Corpus.Persistent("bad_data/bad_iceberg_metadata.json");
        var ex = Assert.Throws<CorruptDataException>(() => TableMetadataParser.Parse(File.ReadAllBytes(path), path));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_metadata_fails_to_load_as_a_table()
    {
        var path = Corpus.Persistent("bad_data/bad_iceberg_metadata.json");
        await Assert.ThrowsAsync<CorruptDataException>(() => IcebergTable.LoadAsync(path));
    }

    [Fact]
    public void Gzip_content_is_detected_by_magic()
    {
        var path = Path.Combine(Corpus.Fixtures, "iceberg-java-core", "TableMetadataV2Valid.json");
        var plain = File.ReadAllBytes(path);
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(plain);
        var fromGzip = TableMetadataParser.Parse(ms.ToArray(), "x.gz.metadata.json");
        Assert.Equal(TableMetadataParser.Write(TableMetadataParser.Parse(plain, path)), TableMetadataParser.Write(fromGzip));
    }

    [Fact]
    public void V1_schema_and_partition_spec_are_normalized()
    {
        var path = Path.Combine(Corpus.Fixtures, "iceberg-java-core", "TableMetadataV1Valid.json");
        var m = TableMetadataParser.Parse(File.ReadAllBytes(path), path);
        Assert.Equal(1, m.FormatVersion);
        Assert.Single(m.Schemas);
        var spec = Assert.Single(m.PartitionSpecs);
        Assert.Equal(1000, Assert.Single(spec.Fields).FieldId);
        Assert.Equal(0, m.LastSequenceNumber);
        var written = TableMetadataParser.Write(m);
        Assert.Contains("\"schema\"", written, StringComparison.Ordinal);
        Assert.Contains("\"partition-spec\"", written, StringComparison.Ordinal);
    }

    [Fact]
    public void V2_valid_fixture_has_snapshots_refs_and_logs()
    {
        var path = Path.Combine(Corpus.Fixtures, "iceberg-java-core", "TableMetadataV2Valid.json");
        var m = TableMetadataParser.Parse(File.ReadAllBytes(path), path);
        Assert.Equal(2, m.FormatVersion);
        Assert.Equal(3055729675574597004L, m.CurrentSnapshotId);
        Assert.Equal(2, m.Snapshots.Count);
        Assert.Equal(m.CurrentSnapshotId, m.Ref("main")!.SnapshotId);
        Assert.Equal(m.Snapshots[0], m.SnapshotAsOf(m.Snapshots[0].TimestampMs));
        Assert.Null(m.SnapshotAsOf(0));
        Assert.Equal(34, m.LastSequenceNumber);
    }

    [Fact]
    public void Strict_parsing_names_the_problem()
    {
        const string json = """{"format-version":2,"table-uuid":"9c12d441-03fe-4693-9a96-a0705ddf69c1","location":"s3://b/t","last-sequence-number":0,"last-updated-ms":1,"last-column-id":1,"current-schema-id":0,"schemas":[{"type":"struct","schema-id":0,"fields":[{"id":1,"name":"x","required":"yes","type":"long"}]}],"default-spec-id":0,"partition-specs":[{"spec-id":0,"fields":[]}],"last-partition-id":999,"default-sort-order-id":0,"sort-orders":[{"order-id":0,"fields":[]}]}""";
        var ex = Assert.Throws<CorruptDataException>(() => TableMetadataParser.Parse(json, "t.metadata.json"));
        Assert.Contains("required", ex.Message, StringComparison.Ordinal);
        Assert.Contains("t.metadata.json", ex.Message, StringComparison.Ordinal);
        Assert.Throws<UnsupportedFeatureException>(() => TableMetadataParser.Parse(json.Replace("\"format-version\":2", "\"format-version\":4", StringComparison.Ordinal), "t"));
    }

    [Fact]
    public void Schema_types_convert_to_arrow_with_field_ids()
    {
        const string json = """
        {"format-version":2,"table-uuid":"9c12d441-03fe-4693-9a96-a0705ddf69c1","location":"s3://b/t","last-sequence-number":0,"last-updated-ms":1,"last-column-id":12,"current-schema-id":0,"schemas":[{"type":"struct","schema-id":0,"fields":[
          {"id":1,"name":"d","required":true,"type":"decimal(38, 10)"},
          {"id":2,"name":"f","required":false,"type":"fixed[7]"},
          {"id":3,"name":"u","required":false,"type":"uuid"},
          {"id":4,"name":"ts","required":false,"type":"timestamptz"},
          {"id":5,"name":"tsn","required":false,"type":"timestamp_ns"},
          {"id":6,"name":"l","required":false,"type":{"type":"list","element-id":7,"element":"string","element-required":false}},
          {"id":8,"name":"m","required":false,"type":{"type":"map","key-id":9,"key":"string","value-id":10,"value":"int","value-required":true}},
          {"id":11,"name":"s","required":false,"type":{"type":"struct","fields":[{"id":12,"name":"a","required":false,"type":"date","initial-default":"2024-01-01","write-default":"2024-01-02"}]}}
        ]}],"default-spec-id":0,"partition-specs":[{"spec-id":0,"fields":[{"name":"ts_day","transform":"day","source-id":4,"field-id":1000}]}],"last-partition-id":1000,"default-sort-order-id":0,"sort-orders":[{"order-id":0,"fields":[]}]}
        """;
        var m = TableMetadataParser.Parse(json, "t");
        var arrow = m.CurrentSchema.ToArrowSchema();
        Assert.Equal(new Decimal128Type(38, 10).ToString(), arrow.GetFieldByName("d").DataType.ToString());
        Assert.False(arrow.GetFieldByName("d").IsNullable);
        Assert.Equal(7, ((FixedSizeBinaryType)arrow.GetFieldByName("f").DataType).ByteWidth);
        Assert.Equal(16, ((FixedSizeBinaryType)arrow.GetFieldByName("u").DataType).ByteWidth);
        Assert.Equal("UTC", ((TimestampType)arrow.GetFieldByName("ts").DataType).Timezone);
        Assert.Equal(TimeUnit.Nanosecond, ((TimestampType)arrow.GetFieldByName("tsn").DataType).Unit);
        Assert.Equal("7", ((Apache.Arrow.Types.ListType)arrow.GetFieldByName("l").DataType).ValueField.Metadata["PARQUET:field_id"]);
        Assert.Equal("8", arrow.GetFieldByName("m").Metadata["PARQUET:field_id"]);
        Assert.Equal("s.a", m.CurrentSchema.FindColumnName(12));
        Assert.Equal("2024-01-01", m.CurrentSchema.FindField(12)!.InitialDefault!.GetValue<string>());
        Assert.Equal(PrimitiveType.Date, m.DefaultSpec.PartitionType(m.CurrentSchema).Fields[0].Type);
        Assert.Equal(TableMetadataParser.Write(m), TableMetadataParser.Write(TableMetadataParser.Parse(TableMetadataParser.Write(m), "t")));
    }

    [Fact]
    public void Binary_single_values_round_trip()
    {
        Assert.Equal(34, Conversions.FromBinary(PrimitiveType.Int, Conversions.ToBinary(PrimitiveType.Int, 34)));
        Assert.Equal(-5L, Conversions.FromBinary(PrimitiveType.Long, Conversions.ToBinary(PrimitiveType.Long, -5L)));
        Assert.Equal(14.20m, Conversions.FromBinary(new DecimalType(9, 2), Conversions.ToBinary(new DecimalType(9, 2), 14.20m)));
        Assert.Equal(new byte[] { 0x05, 0x8C }, Conversions.ToBinary(new DecimalType(9, 2), 14.20m));
        Assert.Equal("héllo", Conversions.FromBinary(PrimitiveType.String, Conversions.ToBinary(PrimitiveType.String, "héllo")));
        var g = Guid.Parse("f79c3e09-677c-4bbd-a479-3f349cb785e7");
        Assert.Equal(0xF7, Conversions.ToBinary(PrimitiveType.Uuid, g)[0]);
        Assert.Equal(g, Conversions.FromBinary(PrimitiveType.Uuid, Conversions.ToBinary(PrimitiveType.Uuid, g)));
        Assert.Equal(2.5, Conversions.FromBinary(PrimitiveType.Double, Conversions.ToBinary(PrimitiveType.Double, 2.5)));
        Assert.Equal(17486, Conversions.FromBinary(PrimitiveType.Date, Conversions.ToBinary(PrimitiveType.Date, new DateOnly(2017, 11, 16))));
        Assert.Equal(true, Conversions.FromBinary(PrimitiveType.Boolean, [1]));
        Assert.Throws<CorruptDataException>(() => Conversions.FromBinary(PrimitiveType.Long, [1, 2]));
    }
}
