using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Orasi.Connectors.Kafka.Configuration;

namespace Orasi.Connectors.Kafka.Admin;

/// <summary>
/// Topic and group administration: list, describe, create, add partitions, delete; describe groups and lag.
/// Listing and describing use metadata requests; lag combines the group's committed offsets with watermarks.
/// </summary>
public sealed class KafkaTopicAdmin : IDisposable
{
    private readonly KafkaOptions _options;
    private readonly IAdminClient _admin;

    /// <summary>Creates an admin client for <paramref name="options"/>.</summary>
    /// <param name="options">Kafka options.</param>
    public KafkaTopicAdmin(KafkaOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _admin = new AdminClientBuilder(KafkaClientConfigs.Admin(options))
            .SetLogHandler((_, _) => { })
            .SetErrorHandler((_, _) => { })
            .Build();
    }

    /// <summary>Broker ids and addresses from a metadata request (the health probe).</summary>
    /// <param name="cancellationToken">Cancels.</param>
    public async Task<IReadOnlyList<string>> ListBrokersAsync(CancellationToken cancellationToken = default)
    {
        Metadata metadata = await MetadataAsync(null, cancellationToken).ConfigureAwait(false);
        return [.. metadata.Brokers.Select(b => $"{b.BrokerId}@{b.Host}:{b.Port}")];
    }

    /// <summary>All topics (internal ones such as <c>__consumer_offsets</c> excluded), sorted by name.</summary>
    /// <param name="cancellationToken">Cancels.</param>
    public async Task<IReadOnlyList<KafkaTopicInfo>> ListTopicsAsync(CancellationToken cancellationToken = default)
    {
        Metadata metadata = await MetadataAsync(null, cancellationToken).ConfigureAwait(false);
        return [.. metadata.Topics
            .Where(t => !t.Topic.StartsWith("__", StringComparison.Ordinal) && t.Error.Code == ErrorCode.NoError)
            .OrderBy(t => t.Topic, StringComparer.Ordinal)
            .Select(t => ToInfo(t, new Dictionary<string, string>()))];
    }

    /// <summary>One topic with its partitions and (when the cluster answers) its configs.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <exception cref="TableNotFoundException">The topic does not exist.</exception>
    public async Task<KafkaTopicInfo> DescribeTopicAsync(string topic, CancellationToken cancellationToken = default)
    {
        Metadata metadata = await MetadataAsync(topic, cancellationToken).ConfigureAwait(false);
        TopicMetadata? t = metadata.Topics.FirstOrDefault(t => t.Topic == topic);
        if (t is null || t.Error.Code is ErrorCode.UnknownTopicOrPart or ErrorCode.Local_UnknownTopic || t.Partitions.Count == 0)
        {
            throw new TableNotFoundException($"Kafka topic '{topic}' does not exist at {KafkaClientConfigs.Describe(_options)}; create it with 'orasi kafka topics create {topic}'.");
        }

        var configs = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            var described = await _admin.DescribeConfigsAsync(
                [new ConfigResource { Type = ResourceType.Topic, Name = topic }],
                new DescribeConfigsOptions { RequestTimeout = TimeSpan.FromSeconds(Math.Min(5, _options.TimeoutSeconds)) })
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            foreach (var entry in described.SelectMany(d => d.Entries.Values).Where(e => !e.IsDefault))
            {
                configs[entry.Name] = entry.IsSensitive ? "***" : entry.Value;
            }
        }
        catch (KafkaException)
        {
            // Clusters without DescribeConfigs (the librdkafka mock) still get partitions described.
        }

        return ToInfo(t, configs);
    }

    /// <summary>Creates a topic.</summary>
    /// <param name="spec">Name, partitions, replication factor, configs.</param>
    /// <param name="cancellationToken">Cancels.</param>
    public async Task CreateTopicAsync(KafkaTopicSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        try
        {
            await _admin.CreateTopicsAsync(
                [new TopicSpecification
                {
                    Name = spec.Name,
                    NumPartitions = spec.Partitions,
                    ReplicationFactor = spec.ReplicationFactor,
                    Configs = spec.Configs?.ToDictionary(kv => kv.Key, kv => kv.Value),
                }],
                new CreateTopicsOptions { RequestTimeout = _options.Timeout, OperationTimeout = _options.Timeout })
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CreateTopicsException ex)
        {
            var error = ex.Results[0].Error;
            throw error.Code == ErrorCode.TopicAlreadyExists
                ? new ValidationFailedException($"Kafka topic '{spec.Name}' already exists; describe it with 'orasi kafka topics describe {spec.Name}'.", ex)
                : Failed($"create topic '{spec.Name}'", error, ex);
        }
        catch (KafkaException ex)
        {
            throw Failed($"create topic '{spec.Name}'", ex.Error, ex);
        }
    }

    /// <summary>Raises a topic's partition count to <paramref name="totalPartitions"/>.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="totalPartitions">The new total.</param>
    /// <param name="cancellationToken">Cancels.</param>
    public async Task AddPartitionsAsync(string topic, int totalPartitions, CancellationToken cancellationToken = default)
    {
        try
        {
            await _admin.CreatePartitionsAsync(
                [new PartitionsSpecification { Topic = topic, IncreaseTo = totalPartitions }],
                new CreatePartitionsOptions { RequestTimeout = _options.Timeout, OperationTimeout = _options.Timeout })
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CreatePartitionsException ex)
        {
            throw Failed($"add partitions to '{topic}'", ex.Results[0].Error, ex);
        }
        catch (KafkaException ex)
        {
            throw Failed($"add partitions to '{topic}'", ex.Error, ex);
        }
    }

    /// <summary>Deletes a topic.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="cancellationToken">Cancels.</param>
    public async Task DeleteTopicAsync(string topic, CancellationToken cancellationToken = default)
    {
        try
        {
            await _admin.DeleteTopicsAsync([topic], new DeleteTopicsOptions { RequestTimeout = _options.Timeout, OperationTimeout = _options.Timeout })
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DeleteTopicsException ex)
        {
            var error = ex.Results[0].Error;
            throw error.Code == ErrorCode.UnknownTopicOrPart
                ? new TableNotFoundException($"Kafka topic '{topic}' does not exist, so it cannot be deleted.", ex)
                : Failed($"delete topic '{topic}'", error, ex);
        }
        catch (KafkaException ex)
        {
            throw Failed($"delete topic '{topic}'", ex.Error, ex);
        }
    }

    /// <summary>Describes a consumer group.</summary>
    /// <param name="groupId">The group.</param>
    /// <param name="cancellationToken">Cancels.</param>
    public async Task<KafkaGroupInfo> DescribeGroupAsync(string groupId, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await _admin.DescribeConsumerGroupsAsync([groupId], new DescribeConsumerGroupsOptions { RequestTimeout = _options.Timeout })
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            var d = result.ConsumerGroupDescriptions[0];
            return new KafkaGroupInfo(d.GroupId, d.State.ToString(), [.. d.Members.Select(m => $"{m.ClientId}@{m.Host}")]);
        }
        catch (KafkaException ex)
        {
            throw Failed($"describe group '{groupId}'", ex.Error, ex);
        }
    }

    /// <summary>Per-partition lag of <paramref name="groupId"/> on <paramref name="topic"/>: committed offsets vs high watermarks.</summary>
    /// <param name="groupId">The group.</param>
    /// <param name="topic">The topic.</param>
    /// <param name="cancellationToken">Cancels.</param>
    public async Task<IReadOnlyList<KafkaPartitionLag>> GetLagAsync(string groupId, string topic, CancellationToken cancellationToken = default)
    {
        KafkaTopicInfo info = await DescribeTopicAsync(topic, cancellationToken).ConfigureAwait(false);
        var config = KafkaClientConfigs.Consumer(_options, groupId);
        return await Task.Run(() =>
        {
            using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).SetLogHandler((_, _) => { }).SetErrorHandler((_, _) => { }).Build();
            var partitions = info.Partitions.Select(p => new TopicPartition(topic, p.Id)).ToList();
            List<TopicPartitionOffset> committed = consumer.Committed(partitions, _options.Timeout);
            return (IReadOnlyList<KafkaPartitionLag>)[.. committed.Select(c =>
            {
                WatermarkOffsets marks = consumer.QueryWatermarkOffsets(c.TopicPartition, _options.Timeout);
                return new KafkaPartitionLag(topic, c.Partition.Value, c.Offset.IsSpecial ? -1 : c.Offset.Value, marks.High.Value);
            })];
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _admin.Dispose();

    private async Task<Metadata> MetadataAsync(string? topic, CancellationToken cancellationToken)
    {
        try
        {
            return await Task.Run(
                () => topic is null ? _admin.GetMetadata(_options.Timeout) : _admin.GetMetadata(topic, _options.Timeout),
                cancellationToken).ConfigureAwait(false);
        }
        catch (KafkaException ex)
        {
            throw new ConnectionFailedException(
                $"Kafka metadata request to {KafkaClientConfigs.Describe(_options)} failed ({ex.Error.Code}: {ex.Error.Reason}); check bootstrap_servers and that the brokers are up.", ex);
        }
    }

    private static KafkaTopicInfo ToInfo(TopicMetadata t, IReadOnlyDictionary<string, string> configs) => new(
        t.Topic,
        [.. t.Partitions.OrderBy(p => p.PartitionId).Select(p => new KafkaPartitionInfo(p.PartitionId, p.Leader, p.Replicas, p.InSyncReplicas))],
        configs);

    private ConnectorException Failed(string what, Error error, Exception inner) => error.Code switch
    {
        ErrorCode.TopicAuthorizationFailed or ErrorCode.ClusterAuthorizationFailed or ErrorCode.GroupAuthorizationFailed or ErrorCode.SaslAuthenticationFailed =>
            new AuthenticationFailedException($"Kafka refused to {what}: not authorised ({error.Reason}); check the SASL/SSL credentials and ACLs.", inner),
        ErrorCode.RequestTimedOut or ErrorCode.Local_TimedOut =>
            new ConnectionFailedException($"Kafka did not answer the request to {what} within {_options.TimeoutSeconds} s; the cluster may not support it (the librdkafka mock has no CreateTopics/DeleteTopics/CreatePartitions handlers) or be unreachable.", inner),
        _ => new ConnectorException($"Kafka refused to {what} ({error.Code}: {error.Reason}).", inner),
    };
}
