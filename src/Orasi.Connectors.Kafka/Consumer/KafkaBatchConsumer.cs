using System.Diagnostics;
using System.Runtime.CompilerServices;
using Apache.Arrow;
using Confluent.Kafka;
using Orasi.Connectors.Diagnostics;
using Orasi.Connectors.Kafka.Configuration;
using Orasi.Connectors.Kafka.Serialization;

namespace Orasi.Connectors.Kafka.Consumer;

/// <summary>
/// A consumer-group member that reads records in batches and decodes them into Arrow batches of a target schema.
/// Offsets are committed only when the caller says its processing succeeded (<see cref="Commit(KafkaConsumedBatch)"/>),
/// giving at-least-once delivery. On a rebalance the <see cref="PartitionsRevoked"/> handler may commit finished
/// in-flight work; the rest is abandoned (records of revoked partitions buffered in the current call are dropped
/// and later commits skip those partitions), so the new owner re-reads them. Seek by offset or by timestamp.
/// One instance is used from one caller at a time, like Confluent's consumer.
/// </summary>
public sealed class KafkaBatchConsumer : IDisposable
{
    private static readonly ActivitySource Activities = OrasiTelemetry.CreateActivitySource("Kafka.Consumer");

    private readonly KafkaOptions _options;
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly KafkaRecordDecoder _decoder;
    private readonly SchemaRegistryGateway? _ownedRegistry;
    private readonly List<KafkaConsumedBatch> _inFlight = [];
    private readonly Lock _gate = new();
    private List<ConsumeResult<byte[], byte[]>>? _buffer;
    private int _disposed;

    /// <summary>Creates a consumer in group <paramref name="groupId"/> (default <c>group_id</c>).</summary>
    /// <param name="options">Kafka options.</param>
    /// <param name="targetSchema">The Arrow schema of the produced batches (e.g. <c>TelemetrySchemas.Traces</c>).</param>
    /// <param name="registry">A schema registry gateway for Avro; when null one is created from <c>schema_registry_url</c> if set.</param>
    /// <param name="groupId">The consumer group (default: the options' <c>group_id</c>).</param>
    public KafkaBatchConsumer(KafkaOptions options, Schema targetSchema, SchemaRegistryGateway? registry = null, string? groupId = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentNullException.ThrowIfNull(targetSchema);
        if (registry is null)
        {
            registry = _ownedRegistry = SchemaRegistryGateway.Create(options);
        }

        _decoder = new KafkaRecordDecoder(targetSchema, registry);
        _consumer = new ConsumerBuilder<byte[], byte[]>(KafkaClientConfigs.Consumer(options, groupId))
            .SetLogHandler((_, _) => { })
            .SetErrorHandler((_, _) => { })
            .SetPartitionsAssignedHandler((_, partitions) => PartitionsAssigned?.Invoke(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => OnRevoked([.. partitions.Select(p => p.TopicPartition)], lost: false))
            .SetPartitionsLostHandler((_, partitions) => OnRevoked([.. partitions.Select(p => p.TopicPartition)], lost: true))
            .Build();
    }

    /// <summary>Called (on the consuming thread) when partitions are assigned.</summary>
    public Action<IReadOnlyList<TopicPartition>>? PartitionsAssigned { get; set; }

    /// <summary>Called (on the consuming thread) when partitions are revoked or lost; commit finished work through the argument.</summary>
    public Action<KafkaRevocation>? PartitionsRevoked { get; set; }

    /// <summary>The target schema.</summary>
    public Schema Schema => _decoder.Schema;

    /// <summary>The partitions currently assigned.</summary>
    public IReadOnlyList<TopicPartition> Assignment => [.. _consumer.Assignment];

    /// <summary>The underlying Confluent.Kafka consumer (group metadata for transactions, positions).</summary>
    public IConsumer<byte[], byte[]> Client => _consumer;

    /// <summary>Joins the group for <paramref name="topics"/> (default: the configured topic).</summary>
    /// <param name="topics">Topics.</param>
    public void Subscribe(params string[] topics) => _consumer.Subscribe(topics.Length == 0 ? [_options.Topic] : topics);

    /// <summary>Reads the given partitions without group management (offsets still commit to the group).</summary>
    /// <param name="partitions">Partitions and start offsets.</param>
    public void Assign(IEnumerable<TopicPartitionOffset> partitions) => _consumer.Assign(partitions);

    /// <summary>Moves an assigned partition to <paramref name="position"/>.</summary>
    /// <param name="position">Topic, partition and offset (Offset.Beginning / Offset.End allowed).</param>
    public void Seek(TopicPartitionOffset position)
    {
        ArgumentNullException.ThrowIfNull(position);
        DropBuffered([position.TopicPartition]);
        _consumer.Seek(position);
    }

    /// <summary>Moves every assigned partition to the first record with a timestamp at or after <paramref name="time"/>.</summary>
    /// <param name="time">The instant.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The positions sought (Offset.End where no record is that late).</returns>
    public async Task<IReadOnlyList<TopicPartitionOffset>> SeekToTimestampAsync(DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        var assignment = _consumer.Assignment;
        if (assignment.Count == 0)
        {
            throw new ValidationFailedException("Seeking by timestamp needs assigned partitions: call Assign, or consume once after Subscribe so the group assigns some.");
        }

        var query = assignment.Select(p => new TopicPartitionTimestamp(p, new Timestamp(time.UtcDateTime))).ToList();
        List<TopicPartitionOffset> answered = await Task.Run(() => _consumer.OffsetsForTimes(query, _options.Timeout), cancellationToken).ConfigureAwait(false);
        var offsets = new List<TopicPartitionOffset>(answered.Count);
        foreach (TopicPartitionOffset offset in answered)
        {
            TopicPartitionOffset target = offset;
            if (offset.Offset.IsSpecial)
            {
                // "No record that late" — or a broker that cannot look up timestamps (the librdkafka mock answers
                // every timestamp query with -1): verify against the log itself by binary search on record timestamps.
                long found = await Task.Run(() => SearchByTimestamp(offset.TopicPartition, time.ToUnixTimeMilliseconds()), cancellationToken).ConfigureAwait(false);
                target = new TopicPartitionOffset(offset.TopicPartition, found >= 0 ? new Offset(found) : Offset.End);
            }

            Seek(target);
            offsets.Add(target);
        }

        return offsets;
    }

    /// <summary>Consumes up to <paramref name="maxRecords"/> records, waiting at most <paramref name="maxWait"/>, and decodes them.</summary>
    /// <param name="maxRecords">Most records in the batch.</param>
    /// <param name="maxWait">How long to wait for records to fill the batch.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The batch (its <see cref="KafkaConsumedBatch.Batch"/> is null when nothing arrived).</returns>
    public async Task<KafkaConsumedBatch> ConsumeBatchAsync(int maxRecords, TimeSpan maxWait, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecords, 1);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        using Activity? activity = Activities.StartActivity("kafka.consume");
        List<ConsumeResult<byte[], byte[]>> records = await Task.Run(() => Fill(maxRecords, maxWait, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (records.Count == 0)
        {
            return new KafkaConsumedBatch(null, 0, [], -1, -1);
        }

        var next = records
            .GroupBy(r => r.TopicPartition)
            .Select(g => new TopicPartitionOffset(g.Key, g.Max(r => r.Offset.Value) + 1))
            .ToList();
        byte[][] values = [.. records.Select(r => r.Message.Value ?? [])];
        RecordBatch? batch = await _decoder.DecodeAsync(values, cancellationToken, i => Locate(records[i])).ConfigureAwait(false);
        var consumed = new KafkaConsumedBatch(batch, records.Count, next, records[0].Message.Timestamp.UnixTimestampMs, records[^1].Message.Timestamp.UnixTimestampMs);
        lock (_gate)
        {
            _inFlight.Add(consumed);
        }

        activity?.SetTag("orasi.records", records.Count);
        return consumed;
    }

    /// <summary>Consumes batches until cancelled, yielding only non-empty ones. Commit each after processing it.</summary>
    /// <param name="maxRecords">Most records per batch.</param>
    /// <param name="maxWait">How long each batch may wait to fill.</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    public async IAsyncEnumerable<KafkaConsumedBatch> ConsumeAsync(int maxRecords, TimeSpan maxWait, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            KafkaConsumedBatch batch = await ConsumeBatchAsync(maxRecords, maxWait, cancellationToken).ConfigureAwait(false);
            if (batch.RecordCount > 0)
            {
                yield return batch;
            }
        }
    }

    /// <summary>
    /// Commits the positions after <paramref name="batch"/> for the partitions this consumer still owns (abandoned
    /// partitions are skipped). Call it only after the batch is processed.
    /// </summary>
    /// <param name="batch">A batch from <see cref="ConsumeBatchAsync"/>.</param>
    /// <returns>The offsets committed.</returns>
    public IReadOnlyList<TopicPartitionOffset> Commit(KafkaConsumedBatch batch) => CommitCore(batch);

    /// <summary>Leaves the group cleanly (revoking partitions through the handler) and closes.</summary>
    public void Close()
    {
        if (_disposed == 0)
        {
            _consumer.Close();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            _consumer.Close();
        }
        catch (KafkaException)
        {
            // Already closed or the group is unreachable; nothing left to hand back.
        }
        catch (ObjectDisposedException)
        {
        }

        _consumer.Dispose();
        _ownedRegistry?.Dispose();
    }

    internal IReadOnlyList<TopicPartitionOffset> CommitCore(KafkaConsumedBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        IReadOnlyList<TopicPartitionOffset> offsets = batch.CommittableOffsets();
        lock (_gate)
        {
            _inFlight.Remove(batch);
        }

        if (offsets.Count == 0)
        {
            return offsets;
        }

        try
        {
            _consumer.Commit(offsets);
        }
        catch (KafkaException ex)
        {
            throw new ConnectionFailedException(
                $"Committing offsets of group '{_options.GroupId}' failed ({ex.Error.Code}: {ex.Error.Reason}); the batch will be redelivered, so processing must tolerate duplicates.", ex);
        }

        return offsets;
    }

    /// <summary>Decodes OTLP-JSON spans, logs and metrics through model objects instead of straight into columns (the reference path, for benchmarks).</summary>
    internal bool UseObjectDecodePath
    {
        get => _decoder.UseObjectPath;
        set => _decoder.UseObjectPath = value;
    }

    private static string Locate(ConsumeResult<byte[], byte[]> record) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"topic '{record.Topic}' partition {record.Partition.Value} offset {record.Offset.Value}");

    private long SearchByTimestamp(TopicPartition partition, long targetMs)
    {
        WatermarkOffsets marks = _consumer.QueryWatermarkOffsets(partition, _options.Timeout);
        long low = marks.Low.Value;
        long high = marks.High.Value;
        if (high <= low)
        {
            return -1;
        }

        var config = KafkaClientConfigs.Consumer(_options, "orasi-probe-" + Guid.NewGuid().ToString("N"));
        config.IsolationLevel = Confluent.Kafka.IsolationLevel.ReadUncommitted;
        using var probe = new ConsumerBuilder<Ignore, Ignore>(config).SetLogHandler((_, _) => { }).SetErrorHandler((_, _) => { }).Build();
        long TimestampAt(long offset)
        {
            probe.Assign(new TopicPartitionOffset(partition, offset));
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < _options.Timeout)
            {
                ConsumeResult<Ignore, Ignore>? r = probe.Consume(TimeSpan.FromMilliseconds(200));
                if (r is { IsPartitionEOF: false })
                {
                    return r.Message.Timestamp.UnixTimestampMs;
                }
            }

            throw new ConnectionFailedException($"Reading the record at offset {offset} of {partition} timed out while seeking by timestamp.");
        }

        if (TimestampAt(high - 1) < targetMs)
        {
            return -1;
        }

        // First offset whose timestamp is >= target (timestamps are CreateTime, non-decreasing per producer partition).
        while (low < high)
        {
            long mid = low + ((high - low) / 2);
            if (TimestampAt(mid) >= targetMs)
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }

        probe.Close();
        return low;
    }

    private List<ConsumeResult<byte[], byte[]>> Fill(int maxRecords, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var buffer = new List<ConsumeResult<byte[], byte[]>>(Math.Min(maxRecords, 65_536));
        _buffer = buffer;
        try
        {
            var clock = Stopwatch.StartNew();
            while (buffer.Count < maxRecords && !cancellationToken.IsCancellationRequested)
            {
                TimeSpan left = maxWait - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    break;
                }

                ConsumeResult<byte[], byte[]>? result;
                try
                {
                    result = _consumer.Consume(left < TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100));
                }
                catch (ConsumeException ex) when (!ex.Error.IsFatal)
                {
                    throw new ConnectionFailedException(
                        $"Consuming from Kafka failed ({ex.Error.Code}: {ex.Error.Reason}) at {ex.ConsumerRecord?.TopicPartitionOffset}; check the topic and retry.", ex);
                }

                if (result is null)
                {
                    continue;
                }

                if (result.IsPartitionEOF)
                {
                    continue;
                }

                buffer.Add(result);
            }

            return buffer;
        }
        finally
        {
            _buffer = null;
        }
    }

    private void OnRevoked(IReadOnlyList<TopicPartition> partitions, bool lost)
    {
        DropBuffered(partitions);
        List<KafkaConsumedBatch> affected;
        lock (_gate)
        {
            affected = [.. _inFlight.Where(b => b.Touches(partitions))];
        }

        PartitionsRevoked?.Invoke(new KafkaRevocation(this, partitions, affected, lost));
        lock (_gate)
        {
            foreach (KafkaConsumedBatch batch in _inFlight.Where(b => b.Touches(partitions)))
            {
                batch.Abandon(partitions);
            }
        }
    }

    private void DropBuffered(IReadOnlyCollection<TopicPartition> partitions)
    {
        List<ConsumeResult<byte[], byte[]>>? buffer = _buffer;
        buffer?.RemoveAll(r => partitions.Contains(r.TopicPartition));
    }
}
