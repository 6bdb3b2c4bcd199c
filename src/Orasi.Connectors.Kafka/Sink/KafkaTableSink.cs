using System.Diagnostics;
using System.Globalization;
using Apache.Arrow;
using Confluent.Kafka;
using Orasi.Connectors.Diagnostics;
using Orasi.Connectors.Iceberg.Connector;
using Orasi.Connectors.Kafka.Configuration;
using Orasi.Connectors.Kafka.Consumer;
using Orasi.Connectors.Telemetry;

namespace Orasi.Connectors.Kafka.Sink;

/// <summary>
/// Exactly-once ingestion of a Kafka topic into a Delta or Iceberg table. Each flush is one table commit holding the
/// new data files and the consumed offsets. Delta: per partition flushed, a <c>txn</c> action with application id
/// <c>orasi-sink:{group}:{topic}:{partition}</c> and version = the last offset included. Iceberg: the snapshot summary
/// property <c>orasi.kafka.offsets.{group}.{topic}</c>, a JSON object of partition → next offset covering every
/// partition of the group and topic (merged over the parent snapshot's map; read from the first snapshot carrying it
/// in the current snapshot's ancestry). The table, not Kafka's committed offsets, is the source of truth: on
/// every assignment change the sink drops what it buffered, reads the table's versions and seeks each owned partition
/// to version + 1. A flush fails (and the sink re-syncs) when the table's offset for a partition is not the one this
/// instance read, or a concurrent commit records one (Iceberg re-checks the offsets on every commit retry and drops the
/// written files instead of committing) — so after a crash, restart or rebalance every record is in the
/// table exactly once. Several instances in one consumer group split the partitions. Kafka offsets are committed
/// after each table commit, for monitoring only.
/// </summary>
/// <example>
/// <code>
/// var sink = new KafkaTableSink(kafkaOptions, new KafkaTableSinkOptions { TableUri = "s3://lake/spans", GroupId = "ingest" });
/// KafkaSinkResult result = await sink.RunAsync(cancellationToken);
/// </code>
/// </example>
public sealed class KafkaTableSink
{
    private static readonly ActivitySource Activities = OrasiTelemetry.CreateActivitySource("Kafka.Sink");

    private readonly KafkaOptions _kafka;
    private readonly KafkaTableSinkOptions _options;
    private readonly string _topic;
    private readonly string _group;
    private readonly IcebergOptions? _iceberg;
    private readonly Dictionary<int, long?> _tableVersions = [];
    private readonly Dictionary<int, long> _pendingLast = [];
    private readonly List<RecordBatch> _buffer = [];
    private readonly List<KafkaConsumedBatch> _consumed = [];
    private readonly Dictionary<int, long> _written = [];
    private long _bufferedRows;
    private long _bufferedBytes;
    private Stopwatch? _oldest;
    private int _rebalances;
    private int _running;

    /// <summary>Creates a sink; nothing connects until <see cref="RunAsync"/>.</summary>
    /// <param name="kafka">Kafka options (brokers, security, encoding, session timeout…).</param>
    /// <param name="options">Table, flush policy and stop conditions.</param>
    /// <exception cref="ValidationFailedException">An option is out of range, or an Iceberg table location is not <c>&lt;warehouse&gt;/&lt;namespace&gt;/&lt;table&gt;</c>.</exception>
    public KafkaTableSink(KafkaOptions kafka, KafkaTableSinkOptions options)
    {
        _kafka = kafka ?? throw new ArgumentNullException(nameof(kafka));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (string.IsNullOrWhiteSpace(options.TableUri))
        {
            throw new ValidationFailedException("The Kafka table sink needs a table URI; set TableUri (--target).");
        }

        if (options.Format == KafkaSinkTableFormat.Iceberg)
        {
            _iceberg = IcebergTarget(options);
        }

        if (options.FlushRows < 1 || options.FlushBytes < 1 || options.FlushInterval <= TimeSpan.Zero || options.MaxPollRecords < 1 || options.PollWait <= TimeSpan.Zero)
        {
            throw new ValidationFailedException("The Kafka table sink's FlushRows, FlushBytes, FlushInterval, MaxPollRecords and PollWait must all be positive.");
        }

        if (options.MaxRows is < 1)
        {
            throw new ValidationFailedException($"MaxRows is {options.MaxRows}; it must be at least 1, or null for no limit.");
        }

        _topic = options.Topic ?? kafka.Topic;
        _group = options.GroupId ?? kafka.GroupId;
    }

    /// <summary>The application id under which the table stores the last offset of a partition.</summary>
    /// <param name="group">Consumer group.</param>
    /// <param name="topic">Topic.</param>
    /// <param name="partition">Partition.</param>
    public static string AppIdFor(string group, string topic, int partition) =>
        string.Create(CultureInfo.InvariantCulture, $"orasi-sink:{group}:{topic}:{partition}");

    /// <summary>The Iceberg snapshot summary key under which the offsets of a group and topic are stored.</summary>
    /// <param name="group">Consumer group.</param>
    /// <param name="topic">Topic.</param>
    public static string IcebergOffsetsKey(string group, string topic) => IcebergSinkTable.OffsetsKey(group, topic);

    /// <summary>Reads the offsets a Delta table records for a group and topic (partition → last offset written).</summary>
    /// <param name="tableUri">The table.</param>
    /// <param name="group">Consumer group.</param>
    /// <param name="topic">Topic.</param>
    /// <param name="storageOptions">Object store options.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The offsets, empty when the table does not exist.</returns>
    public static Task<IReadOnlyDictionary<int, long>> ReadTableOffsetsAsync(string tableUri, string group, string topic,
        IReadOnlyDictionary<string, string>? storageOptions = null, CancellationToken cancellationToken = default) =>
        DeltaSinkTable.ReadOffsetsAsync(tableUri, group, topic, storageOptions, cancellationToken);

    /// <summary>Reads the offsets the sink's table (Delta or Iceberg, per <paramref name="options"/>) records for a group and topic (partition → last offset written).</summary>
    /// <param name="options">Table URI, format, storage options and Iceberg catalog as the sink uses them.</param>
    /// <param name="group">Consumer group.</param>
    /// <param name="topic">Topic.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The offsets, empty when the table does not exist.</returns>
    /// <exception cref="ValidationFailedException">An Iceberg table location is not <c>&lt;warehouse&gt;/&lt;namespace&gt;/&lt;table&gt;</c>.</exception>
    public static async Task<IReadOnlyDictionary<int, long>> ReadTableOffsetsAsync(KafkaTableSinkOptions options, string group, string topic, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Format != KafkaSinkTableFormat.Iceberg)
        {
            return await ReadTableOffsetsAsync(options.TableUri, group, topic, options.StorageOptions, cancellationToken).ConfigureAwait(false);
        }

        var table = new IcebergSinkTable(IcebergTarget(options), group, topic);
        await using (table.ConfigureAwait(false))
        {
            return await table.ReadOffsetsAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Joins the group, consumes and appends until cancelled, <see cref="KafkaTableSinkOptions.MaxRows"/> rows are
    /// committed or <see cref="KafkaTableSinkOptions.IdleTimeout"/> passes without records; flushes what is buffered
    /// and leaves the group before returning (a cancelled run drops its buffer, which is safe: it is re-read).
    /// </summary>
    /// <param name="cancellationToken">Stops the sink.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="ConnectorException">Kafka or the table failed in a way retrying in place cannot fix.</exception>
    public async Task<KafkaSinkResult> RunAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException("This KafkaTableSink is already running; create one sink per instance (each joins the group as its own member).");
        }

        try
        {
            return await RunCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    private async Task<KafkaSinkResult> RunCoreAsync(CancellationToken cancellationToken)
    {
        _written.Clear();
        _tableVersions.Clear();
        ISinkTable table = _iceberg is { } iceberg
            ? new IcebergSinkTable(iceberg, _group, _topic)
            : new DeltaSinkTable(_options.TableUri, _group, _topic, _options.PartitionBy, _options.StorageOptions);
        await using (table.ConfigureAwait(false))
        {
            return await RunCoreAsync(table, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<KafkaSinkResult> RunCoreAsync(ISinkTable table, CancellationToken cancellationToken)
    {
        Schema schema = await ResolveSchemaAsync(table, cancellationToken).ConfigureAwait(false);
        using var consumer = new KafkaBatchConsumer(_kafka, schema, null, _group);
        consumer.PartitionsAssigned = _ => Interlocked.Increment(ref _rebalances);
        consumer.PartitionsRevoked = _ => Interlocked.Increment(ref _rebalances);
        consumer.Subscribe(_topic);

        long rowsWritten = 0;
        int commits = 0;
        int conflicts = 0;
        int synced = -1;
        var idle = Stopwatch.StartNew();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (_options.MaxRows is { } max && rowsWritten >= max)
                {
                    break;
                }

                if (IsIdle(consumer, idle) && _bufferedRows == 0)
                {
                    break;
                }

                long room = Math.Max(1, _options.FlushRows - _bufferedRows);
                if (_options.MaxRows is { } limit)
                {
                    room = Math.Min(room, limit - rowsWritten - _bufferedRows);
                }

                if (room > 0)
                {
                    int generation = Volatile.Read(ref _rebalances);
                    KafkaConsumedBatch batch = await consumer.ConsumeBatchAsync((int)Math.Min(room, _options.MaxPollRecords), _options.PollWait, cancellationToken).ConfigureAwait(false);
                    if (Volatile.Read(ref _rebalances) != generation || synced != generation)
                    {
                        // The assignment changed (or was never synced): whatever was read may start at Kafka's
                        // committed offsets, not the table's. Drop it all and restart every owned partition from the table.
                        ClearBuffer();
                        synced = Volatile.Read(ref _rebalances);
                        await SyncAsync(table, consumer, cancellationToken).ConfigureAwait(false);
                        idle.Restart(); // a rebalance is activity: the idle timeout counts from the latest assignment
                        continue;
                    }

                    if (batch.Batch is { } data && batch.RecordCount > 0)
                    {
                        Buffer(batch, data);
                        idle.Restart();
                    }
                }

                bool idleNow = IsIdle(consumer, idle);
                bool stopping = (_options.MaxRows is { } m && rowsWritten + _bufferedRows >= m) || idleNow;
                if (_bufferedRows > 0 && (stopping || _bufferedRows >= _options.FlushRows || _bufferedBytes >= _options.FlushBytes || _oldest!.Elapsed >= _options.FlushInterval))
                {
                    long? flushed = await FlushAsync(table, consumer, cancellationToken).ConfigureAwait(false);
                    if (flushed is { } rows)
                    {
                        rowsWritten += rows;
                        commits++;
                        if (!idleNow)
                        {
                            idle.Restart(); // time spent committing (a slow first commit creates the table) is not time without records
                        }
                    }
                    else
                    {
                        conflicts++;
                        await SyncAsync(table, consumer, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
        finally
        {
            ClearBuffer();
            try
            {
                consumer.Close();
            }
            catch (KafkaException)
            {
                // Leaving the group failed; the coordinator drops this member after the session timeout.
            }
        }

        return new KafkaSinkResult(rowsWritten, commits, conflicts, new Dictionary<int, long>(_written));
    }

    /// <summary>
    /// True when no record arrived for the idle timeout; while this member owns no partition (a group join can take
    /// up to a session timeout when a previous member left uncleanly) it waits a session timeout longer.
    /// </summary>
    private bool IsIdle(KafkaBatchConsumer consumer, Stopwatch idle) =>
        _options.IdleTimeout is { } timeout
        && idle.Elapsed >= timeout + (consumer.Assignment.Count == 0 ? TimeSpan.FromMilliseconds(_kafka.SessionTimeoutMs) : TimeSpan.Zero);

    private static IcebergOptions IcebergTarget(KafkaTableSinkOptions options)
    {
        IcebergOptions iceberg = options.Iceberg ?? IcebergOptions.ForLocation(options.TableUri, options.StorageOptions);
        if (options.PartitionBy is { Count: > 0 } partitionBy && options.Iceberg is null)
        {
            iceberg.PartitionBy = [.. partitionBy];
        }

        return iceberg;
    }

    private static long EstimateBytes(RecordBatch batch)
    {
        long total = 0;
        for (int i = 0; i < batch.ColumnCount; i++)
        {
            total += EstimateBytes(batch.Column(i).Data);
        }

        return total;
    }

    private static long EstimateBytes(Apache.Arrow.ArrayData data)
    {
        long total = 0;
        foreach (ArrowBuffer buffer in data.Buffers)
        {
            total += buffer.Length;
        }

        foreach (Apache.Arrow.ArrayData child in data.Children ?? [])
        {
            total += EstimateBytes(child);
        }

        return total;
    }

    private async Task<Schema> ResolveSchemaAsync(ISinkTable table, CancellationToken cancellationToken)
    {
        if (_options.Schema is { } given)
        {
            return given;
        }

        Schema? existing = await table.ReadSchemaAsync(cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            return TelemetrySchemas.Traces;
        }

        var columns = existing.FieldsList.Select(f => f.Name).ToList();
        foreach (TelemetryKind kind in Enum.GetValues<TelemetryKind>())
        {
            Schema telemetry = TelemetrySchemas.For(kind);
            if (telemetry.FieldsList.Select(f => f.Name).SequenceEqual(columns, StringComparer.Ordinal))
            {
                return telemetry;
            }
        }

        return existing;
    }

    private async Task SyncAsync(ISinkTable table, KafkaBatchConsumer consumer, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<int, long> stored = await table.ReadOffsetsAsync(cancellationToken).ConfigureAwait(false);
        _tableVersions.Clear();
        var resumed = new List<string>();
        foreach (TopicPartition partition in consumer.Assignment.Where(p => p.Topic == _topic))
        {
            long? version = stored.TryGetValue(partition.Partition.Value, out long v) ? v : null;
            _tableVersions[partition.Partition.Value] = version;
            Offset start = version is { } last ? new Offset(last + 1)
                : _kafka.AutoOffsetReset == KafkaAutoOffsetReset.Latest ? Offset.End : Offset.Beginning;
            resumed.Add(string.Create(CultureInfo.InvariantCulture, $"{partition.Partition.Value}@{start}"));
            try
            {
                consumer.Seek(new TopicPartitionOffset(partition, start));
            }
            catch (KafkaException ex)
            {
                throw new ConnectionFailedException(
                    $"Seeking {partition} of group '{_group}' to offset {start} (from the table '{_options.TableUri}') failed ({ex.Error.Code}: {ex.Error.Reason}); restart the sink.", ex);
            }
        }

        Log($"assigned partitions of {_topic}, resuming from the table at: {(resumed.Count == 0 ? "(none)" : string.Join(", ", resumed))}");
    }

    private void Log(string message) => _options.Log?.Invoke(message);

    private void Buffer(KafkaConsumedBatch batch, RecordBatch data)
    {
        _buffer.Add(data);
        _consumed.Add(batch);
        _bufferedRows += data.Length;
        _bufferedBytes += EstimateBytes(data);
        _oldest ??= Stopwatch.StartNew();
        foreach (TopicPartitionOffset next in batch.NextOffsets)
        {
            _pendingLast[next.Partition.Value] = next.Offset.Value - 1;
        }
    }

    private void ClearBuffer()
    {
        _buffer.Clear();
        _consumed.Clear();
        _pendingLast.Clear();
        _bufferedRows = 0;
        _bufferedBytes = 0;
        _oldest = null;
    }

    /// <summary>Commits the buffer; returns the rows written, or null when another instance advanced a partition first.</summary>
    private async Task<long?> FlushAsync(ISinkTable table, KafkaBatchConsumer consumer, CancellationToken cancellationToken)
    {
        using Activity? activity = Activities.StartActivity("kafka.sink.flush");
        var partitions = new List<SinkPartitionCommit>(_pendingLast.Count);
        foreach (var (partition, last) in _pendingLast.OrderBy(p => p.Key))
        {
            if (!_tableVersions.TryGetValue(partition, out long? expected))
            {
                // Records of a partition this instance never synced: cannot happen without a rebalance, which clears the buffer.
                ClearBuffer();
                return null;
            }

            partitions.Add(new SinkPartitionCommit(partition, expected, last));
        }

        long rows = _bufferedRows;
        try
        {
            string written = await table.CommitAsync(_buffer.ToList(), partitions, cancellationToken).ConfigureAwait(false);
            Log(string.Create(CultureInfo.InvariantCulture,
                $"committed {written}: {rows} rows, offsets {string.Join(", ", _pendingLast.OrderBy(p => p.Key).Select(p => $"{p.Key}@{p.Value}"))}"));
        }
        catch (CommitConflictException ex)
        {
            Log($"discarded {_bufferedRows} buffered rows: {ex.Message}");
            ClearBuffer();
            return null;
        }

        foreach (var (partition, last) in _pendingLast)
        {
            _tableVersions[partition] = last;
            _written[partition] = last;
        }

        foreach (KafkaConsumedBatch batch in _consumed)
        {
            try
            {
                consumer.Commit(batch);
            }
            catch (ConnectionFailedException)
            {
                // Informational only: the table holds the offsets that matter.
            }
        }

        activity?.SetTag("orasi.rows", rows);
        ClearBuffer();
        return rows;
    }
}
