using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.Telemetry;

namespace Orasi.Connectors.Tests.Telemetry;

public class SchemaTests
{
    [Fact]
    public void Traces_schema_has_the_documented_columns_types_and_nullability()
    {
        var s = TelemetrySchemas.Traces;
        string[] names =
        [
            "timestamp", "end_timestamp", "duration_ns", "trace_id", "span_id", "parent_span_id", "trace_state", "span_name",
            "span_kind", "service_name", "resource_attributes", "scope_name", "scope_version", "span_attributes",
            "status_code", "status_message", "events", "links", "event_date",
        ];
        Assert.Equal(names, s.FieldsList.Select(f => f.Name));

        AssertTimestampNs(s.GetFieldByName("timestamp"), nullable: false);
        AssertTimestampNs(s.GetFieldByName("end_timestamp"), nullable: false);
        Assert.Equal(16, ((FixedSizeBinaryType)s.GetFieldByName("trace_id").DataType).ByteWidth);
        Assert.Equal(8, ((FixedSizeBinaryType)s.GetFieldByName("span_id").DataType).ByteWidth);
        Assert.Equal(8, ((FixedSizeBinaryType)s.GetFieldByName("parent_span_id").DataType).ByteWidth);
        Assert.True(s.GetFieldByName("parent_span_id").IsNullable);
        Assert.False(s.GetFieldByName("span_id").IsNullable);
        Assert.IsType<StringType>(s.GetFieldByName("span_kind").DataType);
        AssertStringMap(s.GetFieldByName("resource_attributes"));
        AssertStringMap(s.GetFieldByName("span_attributes"));
        Assert.IsType<Date32Type>(s.GetFieldByName("event_date").DataType);
        Assert.False(s.GetFieldByName("service_name").IsNullable);

        var events = (ListType)s.GetFieldByName("events").DataType;
        var eventStruct = (StructType)events.ValueDataType;
        Assert.Equal(["timestamp", "name", "attributes"], eventStruct.Fields.Select(f => f.Name));
        AssertTimestampNs(eventStruct.Fields[0], nullable: false);
        AssertStringMap(eventStruct.Fields[2]);

        var links = (ListType)s.GetFieldByName("links").DataType;
        var linkStruct = (StructType)links.ValueDataType;
        Assert.Equal(["trace_id", "span_id", "trace_state", "attributes"], linkStruct.Fields.Select(f => f.Name));
        Assert.Equal(16, ((FixedSizeBinaryType)linkStruct.Fields[0].DataType).ByteWidth);

        Assert.Equal("traces", s.Metadata[TelemetrySchemas.KindMetadataKey]);
        Assert.Equal("event_date", s.Metadata[TelemetrySchemas.PartitionColumnsMetadataKey]);
    }

    [Fact]
    public void Logs_schema_has_the_documented_columns()
    {
        var s = TelemetrySchemas.Logs;
        Assert.Equal(
            [
                "timestamp", "observed_timestamp", "trace_id", "span_id", "trace_flags", "severity_text", "severity_number",
                "service_name", "body", "resource_attributes", "scope_name", "scope_version", "log_attributes", "event_date",
            ],
            s.FieldsList.Select(f => f.Name));
        Assert.True(s.GetFieldByName("trace_id").IsNullable);
        Assert.True(s.GetFieldByName("span_id").IsNullable);
        Assert.IsType<Int32Type>(s.GetFieldByName("severity_number").DataType);
        AssertTimestampNs(s.GetFieldByName("observed_timestamp"), nullable: false);
        AssertStringMap(s.GetFieldByName("log_attributes"));
    }

    [Fact]
    public void Metrics_schema_has_the_documented_columns()
    {
        var s = TelemetrySchemas.Metrics;
        Assert.Equal(
            [
                "timestamp", "start_timestamp", "service_name", "metric_name", "metric_description", "metric_unit", "metric_type",
                "resource_attributes", "scope_name", "scope_version", "attributes", "value", "is_monotonic",
                "aggregation_temporality", "count", "sum", "min", "max", "bucket_counts", "explicit_bounds", "event_date",
            ],
            s.FieldsList.Select(f => f.Name));
        AssertTimestampNs(s.GetFieldByName("start_timestamp"), nullable: true);
        Assert.True(s.GetFieldByName("value").IsNullable);
        Assert.IsType<BooleanType>(s.GetFieldByName("is_monotonic").DataType);
        Assert.IsType<Int64Type>(s.GetFieldByName("count").DataType);
        Assert.IsType<Int64Type>(((ListType)s.GetFieldByName("bucket_counts").DataType).ValueDataType);
        Assert.IsType<DoubleType>(((ListType)s.GetFieldByName("explicit_bounds").DataType).ValueDataType);
    }

    [Theory]
    [InlineData(TelemetryKind.Traces)]
    [InlineData(TelemetryKind.Metrics)]
    [InlineData(TelemetryKind.Logs)]
    public void For_returns_the_same_instance_and_every_schema_ends_with_event_date(TelemetryKind kind)
    {
        Assert.Same(TelemetrySchemas.For(kind), TelemetrySchemas.For(kind));
        var last = TelemetrySchemas.For(kind).FieldsList[^1];
        Assert.Equal("event_date", last.Name);
        Assert.False(last.IsNullable);
        Assert.Contains(TelemetrySchemas.For(kind).FieldsList, f => f.Name == "service_name" && !f.IsNullable);
    }

    [Fact]
    public void For_rejects_unknown_kinds() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TelemetrySchemas.For((TelemetryKind)42));

    [Theory]
    [InlineData("2026-01-01T00:00:00Z", "2026-01-01")]
    [InlineData("2026-01-01T23:59:59.9999999Z", "2026-01-01")]
    [InlineData("1969-12-31T23:59:59Z", "1969-12-31")]
    [InlineData("1970-01-01T00:00:00Z", "1970-01-01")]
    public void EventDateOf_is_the_utc_date(string timestamp, string date)
    {
        var t = DateTimeOffset.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture);
        long nanos = (t - DateTimeOffset.UnixEpoch).Ticks * 100;
        var expected = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber, TelemetrySchemas.EventDateOf(nanos));
    }

    private static void AssertTimestampNs(Field field, bool nullable)
    {
        var type = Assert.IsType<TimestampType>(field.DataType);
        Assert.Equal(TimeUnit.Nanosecond, type.Unit);
        Assert.Equal("UTC", type.Timezone);
        Assert.Equal(nullable, field.IsNullable);
    }

    private static void AssertStringMap(Field field)
    {
        var map = Assert.IsType<MapType>(field.DataType);
        Assert.False(field.IsNullable);
        Assert.IsType<StringType>(map.KeyField.DataType);
        Assert.False(map.KeyField.IsNullable);
        Assert.IsType<StringType>(map.ValueField.DataType);
    }
}
