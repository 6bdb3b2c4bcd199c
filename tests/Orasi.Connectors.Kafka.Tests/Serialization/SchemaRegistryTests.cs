using Apache.Arrow;
using Apache.Arrow.Types;
using Orasi.Connectors.Kafka.Configuration;
using Orasi.Connectors.Kafka.Producer;
using Orasi.Connectors.Kafka.Serialization;
using Orasi.Connectors.Kafka.Tests.Support;
using Orasi.Testing.Kafka;

namespace Orasi.Connectors.Kafka.Tests.Serialization;

[Collection(KafkaMockClusterFixture.CollectionName)]
public sealed class SchemaRegistryTests(KafkaMockClusterFixture kafka) : IDisposable
{
    private readonly FakeSchemaRegistry _registry = new();

    public void Dispose() => _registry.Dispose();

    private static RecordBatch Batch(bool withExtra)
    {
        var builder = new Schema.Builder().Field(f => f.Name("id").DataType(Int64Type.Default).Nullable(false));
        var columns = new List<IArrowArray> { new Int64Array.Builder().Append(1).Build() };
        if (withExtra)
        {
            builder.Field(f => f.Name("extra").DataType(StringType.Default).Nullable(false));
            columns.Add(new StringArray.Builder().Append("x").Build());
        }

        return new RecordBatch(builder.Build(), columns, 1);
    }

    [Fact]
    public async Task Incompatible_schema_changes_are_surfaced_with_the_subject()
    {
        string topic = kafka.Cluster.CreateUniqueTopic("compat", partitions: 1);
        var options = KafkaTestOptions.For(kafka.BootstrapServers, topic, o =>
        {
            o.Encoding = KafkaEncoding.Avro;
            o.SchemaRegistryUrl = FakeSchemaRegistry.External ?? _registry.Url;
            o.KeyStrategy = KafkaKeyStrategy.None;
        });
        await using var producer = new KafkaBatchProducer(options);
        (await producer.ProduceAsync(Batch(false))).EnsureSuccess(topic);
        var ex = await Assert.ThrowsAsync<SchemaCompatibilityException>(() => producer.ProduceAsync(Batch(true)));
        Assert.Equal($"{topic}-value", ex.Subject);
        Assert.Contains($"'{topic}-value'", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsRetryable);
    }

    [Theory]
    [InlineData(KafkaSubjectNameStrategy.Topic, "t-value")]
    [InlineData(KafkaSubjectNameStrategy.Record, "orasi.telemetry.Span")]
    [InlineData(KafkaSubjectNameStrategy.TopicRecord, "t-orasi.telemetry.Span")]
    public void Subject_naming_strategies(KafkaSubjectNameStrategy strategy, string expected) =>
        Assert.Equal(expected, SubjectNames.For(strategy, "t", "orasi.telemetry.Span"));

    [Fact]
    public void Avro_needs_a_registry()
    {
        var options = new KafkaOptions { Encoding = KafkaEncoding.Avro };
        var ex = Assert.Throws<ValidationFailedException>(() => new KafkaBatchProducer(options));
        Assert.Contains("schema_registry_url", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Telemetry_avro_schema_parses_with_apache_avro()
    {
        foreach (var schema in new[] { Telemetry.TelemetrySchemas.Traces, Telemetry.TelemetrySchemas.Logs, Telemetry.TelemetrySchemas.Metrics })
        {
            var parsed = Avro.Schema.Parse(ArrowAvroSchema.ToAvroJson(schema));
            Assert.StartsWith("orasi.telemetry.", parsed.Fullname, StringComparison.Ordinal);
            Assert.IsType<Avro.ArraySchema>(Avro.Schema.Parse(ArrowAvroSchema.ToAvroJson(schema, asArray: true)));
        }
    }
}
