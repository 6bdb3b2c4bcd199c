using System.Text.Json;
using Apache.Arrow.Types;
using Orasi.Connectors.DeltaLake.Protocol;
using Orasi.Connectors.DeltaLake.Tests.Support;
using MapType = Apache.Arrow.Types.MapType;
using StructType = Orasi.Connectors.DeltaLake.Protocol.StructType;

namespace Orasi.Connectors.DeltaLake.Tests.Protocol;

public class SchemaTests
{
    private const string AllTypes = """{"type":"struct","fields":[{"name":"s","type":"string","nullable":true,"metadata":{}},{"name":"l","type":"long","nullable":false,"metadata":{}},{"name":"i","type":"integer","nullable":true,"metadata":{}},{"name":"sh","type":"short","nullable":true,"metadata":{}},{"name":"b","type":"byte","nullable":true,"metadata":{}},{"name":"f","type":"float","nullable":true,"metadata":{}},{"name":"d","type":"double","nullable":true,"metadata":{}},{"name":"bo","type":"boolean","nullable":true,"metadata":{}},{"name":"bi","type":"binary","nullable":true,"metadata":{}},{"name":"da","type":"date","nullable":true,"metadata":{}},{"name":"ts","type":"timestamp","nullable":true,"metadata":{}},{"name":"ntz","type":"timestamp_ntz","nullable":true,"metadata":{}},{"name":"dec","type":"decimal(38,18)","nullable":true,"metadata":{}},{"name":"arr","type":{"type":"array","elementType":"integer","containsNull":false},"nullable":true,"metadata":{}},{"name":"m","type":{"type":"map","keyType":"string","valueType":{"type":"struct","fields":[{"name":"x","type":"double","nullable":true,"metadata":{"comment":"é <x>"}}]},"valueContainsNull":true},"nullable":true,"metadata":{}},{"name":"st","type":{"type":"struct","fields":[{"name":"inner","type":"long","nullable":true,"metadata":{"delta.columnMapping.id":7,"delta.columnMapping.physicalName":"col-inner"}}]},"nullable":true,"metadata":{"delta.columnMapping.id":6,"delta.columnMapping.physicalName":"col-st"}}]}""";

    [Fact]
    public void All_types_round_trip_identically()
    {
        var schema = DeltaSchema.Parse(AllTypes);
        Assert.Equal(AllTypes, DeltaSchema.ToJson(schema));
        Assert.Equal(new DeltaDecimalType(38, 18), schema.FindField("dec")!.Type);
        Assert.Equal(7, ((StructType)schema.FindField("st")!.Type).Fields[0].ColumnMappingId);
        Assert.Equal("col-st", schema.FindField("st")!.PhysicalName);
        Assert.Equal(schema, DeltaSchema.Parse(DeltaSchema.ToJson(schema)));
    }

    [Fact]
    public void Every_schema_in_the_corpus_round_trips_identically()
    {
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(Corpus.KernelGolden, "*.json", SearchOption.AllDirectories).Where(f => f.Contains("_delta_log", StringComparison.Ordinal)))
        {
            foreach (var line in File.ReadLines(file).Where(l => l.Contains("schemaString", StringComparison.Ordinal)))
            {
                using var doc = JsonDocument.Parse(line);
                if (!doc.RootElement.TryGetProperty("metaData", out var md))
                {
                    continue;
                }

                var text = md.GetProperty("schemaString").GetString()!;
                Assert.Equal(text, DeltaSchema.ToJson(DeltaSchema.Parse(text)));
                count++;
            }
        }

        Assert.True(count > 50, $"only {count} schemas found");
    }

    [Fact]
    public void Arrow_conversion_maps_every_type()
    {
        var arrow = DeltaArrowSchema.ToArrow(DeltaSchema.Parse(AllTypes));
        Assert.IsType<StringType>(arrow.GetFieldByName("s").DataType);
        Assert.False(arrow.GetFieldByName("l").IsNullable);
        Assert.IsType<Int64Type>(arrow.GetFieldByName("l").DataType);
        Assert.IsType<Int32Type>(arrow.GetFieldByName("i").DataType);
        Assert.IsType<Int16Type>(arrow.GetFieldByName("sh").DataType);
        Assert.IsType<Int8Type>(arrow.GetFieldByName("b").DataType);
        Assert.IsType<FloatType>(arrow.GetFieldByName("f").DataType);
        Assert.IsType<DoubleType>(arrow.GetFieldByName("d").DataType);
        Assert.IsType<BooleanType>(arrow.GetFieldByName("bo").DataType);
        Assert.IsType<BinaryType>(arrow.GetFieldByName("bi").DataType);
        Assert.IsType<Date32Type>(arrow.GetFieldByName("da").DataType);
        var ts = Assert.IsType<TimestampType>(arrow.GetFieldByName("ts").DataType);
        Assert.Equal((TimeUnit.Microsecond, "UTC"), (ts.Unit, ts.Timezone));
        var ntz = Assert.IsType<TimestampType>(arrow.GetFieldByName("ntz").DataType);
        Assert.Equal(TimeUnit.Microsecond, ntz.Unit);
        Assert.True(string.IsNullOrEmpty(ntz.Timezone));
        var dec = Assert.IsType<Decimal128Type>(arrow.GetFieldByName("dec").DataType);
        Assert.Equal((38, 18), (dec.Precision, dec.Scale));
        var list = Assert.IsType<ListType>(arrow.GetFieldByName("arr").DataType);
        Assert.False(list.ValueField.IsNullable);
        var map = Assert.IsType<MapType>(arrow.GetFieldByName("m").DataType);
        Assert.IsType<Apache.Arrow.Types.StructType>(map.ValueField.DataType);

        // And back: the Delta schema survives Arrow (metadata aside).
        var back = DeltaArrowSchema.FromArrow(arrow);
        var original = DeltaSchema.Parse(AllTypes);
        Assert.Equal(original.Fields.Select(f => f.Type.TypeName), back.Fields.Select(f => f.Type.TypeName));
        Assert.Equal(StripMetadata(original), back);
    }

    [Fact]
    public void Physical_arrow_schema_uses_physical_names_and_field_ids()
    {
        var schema = DeltaSchema.Parse(AllTypes);
        var onlyMapped = new StructType([schema.FindField("st")!]);
        var physical = DeltaArrowSchema.ToArrow(onlyMapped, ColumnMappingMode.Name);
        var st = physical.GetFieldByName("col-st");
        Assert.NotNull(st);
        Assert.Equal("6", st.Metadata[DeltaArrowSchema.ParquetFieldIdKey]);
        var inner = ((Apache.Arrow.Types.StructType)st.DataType).Fields[0];
        Assert.Equal("col-inner", inner.Name);
        Assert.Equal("7", inner.Metadata[DeltaArrowSchema.ParquetFieldIdKey]);
        Assert.Throws<CorruptDataException>(() => DeltaArrowSchema.ToArrow(schema, ColumnMappingMode.Id));
    }

    [Fact]
    public void Variant_parses_but_is_unsupported_for_arrow()
    {
        var schema = DeltaSchema.Parse("""{"type":"struct","fields":[{"name":"v","type":"variant","nullable":true,"metadata":{}}]}""");
        Assert.False(((DeltaPrimitiveType)schema.Fields[0].Type).IsSupported);
        Assert.Throws<UnsupportedFeatureException>(() => DeltaArrowSchema.ToArrow(schema));
    }

    [Theory]
    [InlineData("""{"type":"struct","fields":[{"name":"x","type":"interval","nullable":true,"metadata":{}}]}""", typeof(UnsupportedFeatureException))]
    [InlineData("""{"type":"struct","fields":[{"name":"x","type":"decimal(40,2)","nullable":true,"metadata":{}}]}""", typeof(CorruptDataException))]
    [InlineData("""{"type":"struct","fields":[{"name":"x","nullable":true}]}""", typeof(CorruptDataException))]
    [InlineData("""{"type":"struct","fields":[{"name":"x","type":"long"},{"name":"X","type":"long"}]}""", typeof(CorruptDataException))]
    [InlineData("""{"type":"struct","fields":[""", typeof(CorruptDataException))]
    [InlineData("\"long\"", typeof(CorruptDataException))]
    public void Invalid_schemas_fail_clearly(string text, Type exception) =>
        Assert.IsType(exception, Record.Exception(() => DeltaSchema.Parse(text)));

    private static StructType StripMetadata(StructType s) =>
        new(s.Fields.Select(f => new StructField(f.Name, Strip(f.Type), f.Nullable)).ToList());

    private static DeltaDataType Strip(DeltaDataType t) => t switch
    {
        StructType s => StripMetadata(s),
        DeltaArrayType a => a with { ElementType = Strip(a.ElementType) },
        DeltaMapType m => m with { KeyType = Strip(m.KeyType), ValueType = Strip(m.ValueType) },
        _ => t,
    };
}
