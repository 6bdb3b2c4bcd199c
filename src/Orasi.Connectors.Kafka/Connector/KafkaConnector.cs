using Apache.Arrow;
using Orasi.Connectors.Kafka.Admin;
using Orasi.Connectors.Kafka.Configuration;
using Orasi.Connectors.Kafka.Consumer;
using Orasi.Connectors.Kafka.Producer;

namespace Orasi.Connectors.Kafka.Connector;

/// <summary>
/// The <c>kafka</c> connector: connects with a metadata request, reports health with another, and as a sink
/// produces each written batch to the configured topic (waiting for delivery reports). Use
/// <see cref="CreateConsumer"/> and <see cref="Admin"/> for reading and administration.
/// </summary>
public sealed class KafkaConnector : IRecordBatchSink
{
    private readonly KafkaOptions _options;
    private KafkaTopicAdmin? _admin;
    private KafkaBatchProducer? _producer;

    /// <summary>Creates the connector (no network traffic until <see cref="ConnectAsync"/>).</summary>
    /// <param name="options">Kafka options; see <see cref="KafkaOptions.FromEnvironment"/>.</param>
    public KafkaConnector(KafkaOptions options) => _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <inheritdoc />
    public string Name => KafkaOptions.ConnectorName;

    /// <summary>The options in use.</summary>
    public KafkaOptions Options => _options;

    /// <summary>The admin client (after <see cref="ConnectAsync"/>).</summary>
    public KafkaTopicAdmin Admin => _admin ?? throw new InvalidOperationException("Call ConnectAsync before using the Kafka connector.");

    /// <summary>The producer used by <see cref="WriteBatchAsync"/>, created on first use.</summary>
    public KafkaBatchProducer Producer => _producer ??= new KafkaBatchProducer(_options);

    /// <inheritdoc />
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        _admin ??= new KafkaTopicAdmin(_options);
        await _admin.ListBrokersAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        if (_producer is not null)
        {
            await _producer.DisposeAsync().ConfigureAwait(false);
            _producer = null;
        }

        _admin?.Dispose();
        _admin = null;
    }

    /// <inheritdoc />
    public async Task<HealthStatus> HealthCheckAsync(CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["bootstrap_servers"] = _options.BootstrapServersList, ["topic"] = _options.Topic };
        try
        {
            using var admin = new KafkaTopicAdmin(_options);
            IReadOnlyList<string> brokers = await admin.ListBrokersAsync(cancellationToken).ConfigureAwait(false);
            data["brokers"] = brokers.Count;
            return brokers.Count == 0
                ? HealthStatus.Unhealthy($"Kafka at {_options.BootstrapServersList} answered with no brokers.", data: data)
                : HealthStatus.Healthy($"Kafka reachable: {brokers.Count} broker(s).", data);
        }
        catch (ConnectorException ex)
        {
            return HealthStatus.Unhealthy(ex.Message, ex, data);
        }
    }

    /// <summary>Produces <paramref name="batch"/> to the configured topic and throws unless every record was delivered.</summary>
    /// <param name="batch">The rows.</param>
    /// <param name="cancellationToken">Cancels.</param>
    public async Task WriteBatchAsync(RecordBatch batch, CancellationToken cancellationToken = default)
    {
        KafkaProduceResult result = await Producer.ProduceAsync(batch, null, cancellationToken).ConfigureAwait(false);
        result.EnsureSuccess(_options.Topic);
    }

    /// <inheritdoc />
    public Task FlushAsync(CancellationToken cancellationToken = default) =>
        _producer?.FlushAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>A consumer in the configured (or given) group decoding into <paramref name="targetSchema"/>.</summary>
    /// <param name="targetSchema">The Arrow schema of consumed batches.</param>
    /// <param name="groupId">The group (default: <c>group_id</c>).</param>
    public KafkaBatchConsumer CreateConsumer(Schema targetSchema, string? groupId = null) => new(_options, targetSchema, null, groupId);

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await DisconnectAsync().ConfigureAwait(false);
}
