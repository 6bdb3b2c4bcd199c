using System.Diagnostics;
using System.Diagnostics.Metrics;
using Apache.Arrow;
using Confluent.Kafka;
using Orasi.Connectors.Diagnostics;
using Orasi.Connectors.Kafka.Configuration;
using Orasi.Connectors.Kafka.Serialization;

namespace Orasi.Connectors.Kafka.Producer;

/// <summary>
/// Produces Arrow batches (telemetry or any schema) to a topic: one record per row or per batch, JSON (OTLP-JSON for
/// telemetry) or Avro in the Confluent wire format, keyed by trace id, service name or a column. Idempotent with
/// acks=all by default. When librdkafka's local queue is full the call waits for room instead of dropping.
/// Delivery reports are counted into a <see cref="KafkaProduceResult"/>. With <c>transactional_id</c> set, wrap
/// produce calls in <see cref="BeginTransaction"/> / <see cref="CommitTransactionAsync"/>.
/// </summary>
public sealed class KafkaBatchProducer : IDisposable, IAsyncDisposable
{
    private static readonly ActivitySource Activities = OrasiTelemetry.CreateActivitySource("Kafka.Producer");
    private static readonly Meter Meter = OrasiTelemetry.CreateMeter("Kafka.Producer");
    private static readonly Counter<long> RecordsProduced = Meter.CreateCounter<long>("orasi.kafka.producer.records");
    private static readonly Counter<long> QueueFullWaits = Meter.CreateCounter<long>("orasi.kafka.producer.queue_full_waits");

    /// <summary>Rows per encoded range: small enough that values die young, large enough to amortise the hand-off.</summary>
    private const int RangeRows = 512;

    /// <summary>Ranges encoded ahead of the producing loop (bounds the memory held by encoded values).</summary>
    private static readonly int EncodeWindow = Math.Max(3, Environment.ProcessorCount * 2);

    /// <summary>Ranges encoded at the same time: one core is left to the producing loop (and librdkafka).</summary>
    private static readonly int Encoders = Math.Max(1, Environment.ProcessorCount - 1);

    private readonly SemaphoreSlim _encoders = new(Encoders, Encoders);
    private readonly ExactLengthArrayPool _values = new();
    private readonly KafkaOptions _options;
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly KafkaRecordEncoder _encoder;
    private readonly SchemaRegistryGateway? _ownedRegistry;
    private readonly bool _transactional;
    private int _disposed;

    /// <summary>Creates a producer for <paramref name="options"/>.</summary>
    /// <param name="options">Kafka options (bootstrap servers, topic, encoding, keys, security…).</param>
    /// <param name="registry">A schema registry gateway; when null one is created from <c>schema_registry_url</c> if set.</param>
    public KafkaBatchProducer(KafkaOptions options, SchemaRegistryGateway? registry = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (registry is null)
        {
            registry = _ownedRegistry = SchemaRegistryGateway.Create(options);
        }

        _encoder = new KafkaRecordEncoder(options, registry);
        _transactional = !string.IsNullOrWhiteSpace(options.TransactionalId);
        _producer = new ProducerBuilder<byte[], byte[]>(KafkaClientConfigs.Producer(options))
            .SetLogHandler((_, _) => { })
            .SetErrorHandler((_, _) => { })
            .Build();
        if (_transactional)
        {
            try
            {
                _producer.InitTransactions(options.Timeout);
            }
            catch (KafkaException ex)
            {
                _producer.Dispose();
                throw new ConnectionFailedException(
                    $"The transactional Kafka producer '{options.TransactionalId}' could not initialise at {KafkaClientConfigs.Describe(options)} ({ex.Error.Reason}); check that the brokers are reachable and support transactions.", ex);
            }
        }
    }

    /// <summary>The default topic.</summary>
    public string Topic => _options.Topic;

    /// <summary>The underlying Confluent.Kafka producer (for offsets-in-transaction and advanced use).</summary>
    public IProducer<byte[], byte[]> Client => _producer;

    /// <summary>Encodes and enqueues <paramref name="batch"/>, waiting only for queue room; the returned delivery completes with the reports.</summary>
    /// <param name="batch">The rows.</param>
    /// <param name="topic">The topic (default: the configured one).</param>
    /// <param name="cancellationToken">Cancels waiting for queue room (already enqueued records are still delivered).</param>
    public async Task<KafkaPendingDelivery> EnqueueAsync(RecordBatch batch, string? topic = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        List<KafkaPendingDelivery> pendings = await ProducePipelinedAsync(One(batch), topic ?? _options.Topic, cancellationToken).ConfigureAwait(false);
        return pendings[0];
    }

    /// <summary>Encodes, enqueues and waits for the delivery reports of <paramref name="batch"/>.</summary>
    /// <param name="batch">The rows.</param>
    /// <param name="topic">The topic (default: the configured one).</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public async Task<KafkaProduceResult> ProduceAsync(RecordBatch batch, string? topic = null, CancellationToken cancellationToken = default)
    {
        KafkaPendingDelivery pending = await EnqueueAsync(batch, topic, cancellationToken).ConfigureAwait(false);
        return await pending.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Produces every batch, keeping the pipeline full: row ranges of the coming batches are encoded on the thread pool
    /// (a bounded window of them) while earlier ones are handed to librdkafka, in order. Returns the combined result.
    /// </summary>
    /// <param name="batches">The batches.</param>
    /// <param name="topic">The topic (default: the configured one).</param>
    /// <param name="cancellationToken">Cancels.</param>
    public async Task<KafkaProduceResult> ProduceAllAsync(IAsyncEnumerable<RecordBatch> batches, string? topic = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        List<KafkaPendingDelivery> pendings = await ProducePipelinedAsync(batches, topic ?? _options.Topic, cancellationToken).ConfigureAwait(false);
        KafkaProduceResult total = KafkaProduceResult.Empty;
        foreach (KafkaPendingDelivery pending in pendings)
        {
            total = total.Add(await pending.Completion.WaitAsync(cancellationToken).ConfigureAwait(false));
        }

        return total;
    }

#pragma warning disable CS1998 // an async iterator over one item
    private static async IAsyncEnumerable<RecordBatch> One(RecordBatch batch)
#pragma warning restore CS1998
    {
        yield return batch;
    }

    /// <summary>
    /// The produce pipeline: each batch is prepared once (schema ids, column writers), cut into row ranges whose encoding
    /// runs on the thread pool, at most <see cref="EncodeWindow"/> ranges ahead of the producing loop; this loop takes
    /// the ranges in order and hands their records to librdkafka (fire-and-forget <c>Produce</c> with one delivery
    /// handler per batch), so the wall time approaches max(encode, produce) rather than their sum and encoded values
    /// are short-lived.
    /// </summary>
    private async Task<List<KafkaPendingDelivery>> ProducePipelinedAsync(IAsyncEnumerable<RecordBatch> batches, string topic, CancellationToken cancellationToken)
    {
        var progresses = new List<BatchProgress>();
        var window = new Queue<EncodingRange>();
        ActivityContext parent = Activity.Current?.Context ?? default;
        try
        {
            await foreach (RecordBatch batch in batches.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                ArgumentNullException.ThrowIfNull(batch);
                PreparedBatch prepared = await _encoder.PrepareAsync(batch, topic, cancellationToken).ConfigureAwait(false);
                var progress = new BatchProgress(batch.Length, parent);
                progresses.Add(progress);
                if (!prepared.PerBatch && prepared.Rows == 0)
                {
                    progress.Seal(topic);
                    continue;
                }

                int step = prepared.PerBatch ? Math.Max(1, prepared.Rows) : RangeRows;
                for (int start = 0; start == 0 || start < prepared.Rows; start += step)
                {
                    while (window.Count >= EncodeWindow)
                    {
                        await ProduceHeadAsync(window, topic, cancellationToken).ConfigureAwait(false);
                    }

                    int from = start;
                    int count = prepared.PerBatch ? prepared.Rows : Math.Min(step, prepared.Rows - start);
                    window.Enqueue(new EncodingRange(EncodeRangeAsync(prepared, from, count, cancellationToken), progress, Last: from + step >= prepared.Rows));
                }
            }

            while (window.Count > 0)
            {
                await ProduceHeadAsync(window, topic, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            // Do not leave encodings running (or their exceptions unobserved); fail the deliveries not yet sealed.
            foreach (EncodingRange range in window)
            {
                await Task.WhenAny(range.Records).ConfigureAwait(false);
            }

            foreach (BatchProgress progress in progresses)
            {
                if (!progress.Sealed)
                {
                    progress.Pending.Fail(ex);
                }
            }

            throw;
        }

        return progresses.ConvertAll(p => p.Pending);
    }

    /// <summary>Encodes one range on the thread pool, at most <see cref="Encoders"/> at a time so the producing loop keeps a core.</summary>
    private async Task<EncodedRecords> EncodeRangeAsync(PreparedBatch prepared, int start, int count, CancellationToken cancellationToken)
    {
        await _encoders.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => prepared.Encode(start, count, _values), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _encoders.Release();
        }
    }

    private async ValueTask ProduceHeadAsync(Queue<EncodingRange> window, string topic, CancellationToken cancellationToken)
    {
        EncodingRange head = window.Peek();
        EncodedRecords records = await head.Records.ConfigureAwait(false);
        window.Dequeue();
        BatchProgress progress = head.Progress;
        Action<DeliveryReport<byte[], byte[]>> handler = progress.Handler;
        for (int i = 0; i < records.Count; i++)
        {
            long ms = records.TimestampsMs[i];
            var message = new Message<byte[], byte[]>
            {
                Key = records.Keys[i]!,
                Value = records.Values[i],
                Timestamp = ms >= 0 ? new Timestamp(ms, TimestampType.CreateTime) : Timestamp.Default,
            };

            // Fast path: no await, no state machine; only a full local queue falls back to waiting.
            if (!TryProduce(topic, message, handler))
            {
                await ProduceWithBackpressureAsync(topic, message, handler, cancellationToken).ConfigureAwait(false);
            }

            progress.Bytes += message.Value.Length;
        }

        if (records.Pooled)
        {
            // librdkafka copied the values (RD_KAFKA_MSG_F_COPY) and the reports do not carry them: reuse the arrays.
            _values.ReturnAll(records.Values);
        }

        progress.Records += records.Count;
        if (head.Last)
        {
            progress.Seal(topic);
        }
    }

    /// <summary>Waits until every enqueued record has a delivery report.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await Task.Run(() =>
        {
            while (_producer.Flush(TimeSpan.FromMilliseconds(100)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a transaction (needs <c>transactional_id</c>).</summary>
    public void BeginTransaction()
    {
        EnsureTransactional();
        _producer.BeginTransaction();
    }

    /// <summary>Adds a consumer's positions to the current transaction (consume-transform-produce exactly once).</summary>
    /// <param name="offsets">The next offsets to commit.</param>
    /// <param name="groupMetadata">The consumer's group metadata.</param>
    public void SendOffsetsToTransaction(IEnumerable<TopicPartitionOffset> offsets, IConsumerGroupMetadata groupMetadata)
    {
        EnsureTransactional();
        _producer.SendOffsetsToTransaction(offsets, groupMetadata, _options.Timeout);
    }

    /// <summary>Commits the current transaction, flushing first.</summary>
    /// <param name="cancellationToken">Cancels the wait (the commit may still complete).</param>
    public Task CommitTransactionAsync(CancellationToken cancellationToken = default)
    {
        EnsureTransactional();
        return Task.Run(() => _producer.CommitTransaction(_options.Timeout), cancellationToken);
    }

    /// <summary>Aborts the current transaction.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public Task AbortTransactionAsync(CancellationToken cancellationToken = default)
    {
        EnsureTransactional();
        return Task.Run(() => _producer.AbortTransaction(_options.Timeout), cancellationToken);
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
            _producer.Flush(_options.Timeout);
        }
        catch (KafkaException)
        {
            // Closing: undelivered records were already reported through their pending deliveries.
        }

        _producer.Dispose();
        _encoders.Dispose();
        _ownedRegistry?.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed == 0)
        {
            await FlushAsync().ConfigureAwait(false);
        }

        Dispose();
    }

    private bool TryProduce(string topic, Message<byte[], byte[]> message, Action<DeliveryReport<byte[], byte[]>> handler)
    {
        try
        {
            _producer.Produce(topic, message, handler);
            return true;
        }
        catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
        {
            return false;
        }
    }

    private async ValueTask ProduceWithBackpressureAsync(
        string topic, Message<byte[], byte[]> message, Action<DeliveryReport<byte[], byte[]>> handler, CancellationToken cancellationToken)
    {
        const int delayMs = 1;
        while (true)
        {
            try
            {
                _producer.Produce(topic, message, handler);
                return;
            }
            catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                QueueFullWaits.Add(1);
                // librdkafka drains the queue at broker speed: retry soon (a long backoff leaves it idle).
                await Task.Delay(delayMs, cancellationToken).ConfigureAwait(false);
            }
            catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.MsgSizeTooLarge)
            {
                throw new ValidationFailedException(
                    $"A Kafka record of {message.Value.Length} bytes for topic '{topic}' exceeds message_max_bytes ({_options.MessageMaxBytes}); use record_granularity = \"per_row\" or smaller batches, or raise message_max_bytes.", ex);
            }
            catch (KafkaException ex)
            {
                throw new ConnectionFailedException($"Producing to Kafka topic '{topic}' failed ({ex.Error.Code}: {ex.Error.Reason}).", ex);
            }
        }
    }

    private void EnsureTransactional()
    {
        if (!_transactional)
        {
            throw new ValidationFailedException("Kafka transactions need connectors.kafka.transactional_id (KAFKA_TRANSACTIONAL_ID) to be set.");
        }
    }

    private readonly record struct EncodingRange(Task<EncodedRecords> Records, BatchProgress Progress, bool Last);

    /// <summary>Counts for one batch while its ranges are being produced; sealed after the last range.</summary>
    private sealed class BatchProgress
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        private readonly ActivityContext _parent;

        public BatchProgress(int rows, ActivityContext parent)
        {
            Rows = rows;
            _parent = parent;
            Handler = Pending.OnReport;
        }

        public KafkaPendingDelivery Pending { get; } = new();

        public Action<DeliveryReport<byte[], byte[]>> Handler { get; }

        public int Rows { get; }

        public long Records { get; set; }

        public long Bytes { get; set; }

        public bool Sealed { get; private set; }

        public void Seal(string topic)
        {
            Sealed = true;
            Pending.Seal(Records, Rows, Bytes);
            RecordsProduced.Add(Records, new KeyValuePair<string, object?>("topic", topic));
            if (Activities.HasListeners())
            {
                // Recorded after the fact so no ambient Activity leaks into the pipelined encodings.
                DateTimeOffset end = DateTimeOffset.UtcNow;
                using Activity? activity = Activities.StartActivity(
                    "kafka.produce", ActivityKind.Producer, _parent,
                    tags: [new("messaging.destination.name", topic), new("orasi.rows", Rows), new("orasi.records", Records)],
                    startTime: end - Stopwatch.GetElapsedTime(_started));
                activity?.SetEndTime(end.UtcDateTime);
            }
        }
    }
}
