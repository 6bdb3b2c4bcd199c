using System.CommandLine;
using System.Globalization;
using Apache.Arrow;
using Orasi.Cli.Hosting;
using Orasi.Connectors;
using Orasi.Connectors.Formatting;
using Orasi.Connectors.Kafka.Admin;
using Orasi.Connectors.Kafka.Configuration;
using Orasi.Connectors.Kafka.Consumer;
using Orasi.Connectors.Kafka.Producer;
using Orasi.Connectors.Parquet;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;
using Spectre.Console;

namespace Orasi.Cli.Commands;

/// <summary>
/// <c>orasi kafka</c>: <c>topics list|describe|create|delete</c>, <c>produce</c> (generated telemetry or a JSON
/// Lines/Parquet file) and <c>consume</c> (a consumer group, JSON Lines out). The cluster comes from
/// <c>--bootstrap-servers</c>, else <c>[connectors.kafka] bootstrap_servers</c> / <c>KAFKA_BOOTSTRAP_SERVERS</c>.
/// </summary>
internal static class KafkaCommand
{
    public static Command Create(CliContext context, GlobalOptions globals)
    {
        var bootstrap = new Option<string?>("--bootstrap-servers", "-b")
        {
            Description = "Kafka brokers, host:port[,host:port…] (default: KAFKA_BOOTSTRAP_SERVERS or [connectors.kafka] bootstrap_servers).",
            Recursive = true,
            HelpName = "HOSTS",
        };
        var command = new Command("kafka", "Kafka: manage topics, produce telemetry, consume into JSON Lines.") { bootstrap };
        command.Add(Topics(context, globals, bootstrap));
        command.Add(Produce(context, globals, bootstrap));
        command.Add(Consume(context, globals, bootstrap));
        command.Add(KafkaSinkCommand.Create(context, globals, bootstrap));
        return command;
    }

    private static KafkaOptions Options(ParseResult parse, CliContext context, GlobalOptions globals, Option<string?> bootstrap, string? topic = null)
    {
        KafkaOptions options = KafkaOptions.FromConfiguration(ConfigurationLoader.Load(parse, globals, context)).Clone();
        if (parse.GetValue(bootstrap) is { Length: > 0 } servers)
        {
            options.BootstrapServers = [.. servers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }

        if (topic is not null)
        {
            options.Topic = topic;
        }

        return options;
    }

    private static Command Topics(CliContext context, GlobalOptions globals, Option<string?> bootstrap)
    {
        var topics = new Command("topics", "List, describe, create and delete topics.");

        var list = new Command("list", "List topics with partition counts.");
        list.SetAction(async (parse, ct) =>
        {
            using var admin = new KafkaTopicAdmin(Options(parse, context, globals, bootstrap));
            foreach (KafkaTopicInfo t in await admin.ListTopicsAsync(ct).ConfigureAwait(false))
            {
                await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{t.Name}\tpartitions={t.Partitions.Count}\treplication={t.ReplicationFactor}")).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });

        var describeName = new Argument<string>("topic") { Description = "The topic." };
        var describe = new Command("describe", "Partitions (leader, replicas, in-sync replicas) and configs of a topic.") { describeName };
        describe.SetAction(async (parse, ct) =>
        {
            using var admin = new KafkaTopicAdmin(Options(parse, context, globals, bootstrap));
            KafkaTopicInfo t = await admin.DescribeTopicAsync(parse.GetRequiredValue(describeName), ct).ConfigureAwait(false);
            var table = new Spectre.Console.Table().AddColumns("partition", "leader", "replicas", "isr");
            foreach (KafkaPartitionInfo p in t.Partitions)
            {
                table.AddRow(p.Id.ToString(CultureInfo.InvariantCulture), p.Leader.ToString(CultureInfo.InvariantCulture),
                    string.Join(',', p.Replicas), string.Join(',', p.InSyncReplicas));
            }

            await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"topic {t.Name}: {t.Partitions.Count} partitions, replication factor {t.ReplicationFactor}")).ConfigureAwait(false);
            context.Console.Write(table);
            foreach (var (key, value) in t.Configs.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                await context.Output.WriteLineAsync($"{key}={value}").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });

        var createName = new Argument<string>("topic") { Description = "The topic." };
        var partitions = new Option<int>("--partitions", "-p") { Description = "Partition count.", DefaultValueFactory = _ => 1 };
        var replication = new Option<short>("--replication-factor", "-r") { Description = "Replication factor.", DefaultValueFactory = _ => 1 };
        var configs = new Option<string[]>("--config") { Description = "Topic config key=value (e.g. retention.ms=86400000); repeatable.", AllowMultipleArgumentsPerToken = false };
        var create = new Command("create", "Create a topic.") { createName, partitions, replication, configs };
        create.SetAction(async (parse, ct) =>
        {
            int p = parse.GetValue(partitions);
            short r = parse.GetValue(replication);
            if (p < 1 || r < 1)
            {
                throw new UsageException("--partitions and --replication-factor must be at least 1.");
            }

            var settings = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string pair in parse.GetValue(configs) ?? [])
            {
                int eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    throw new UsageException($"--config expects key=value, got '{pair}'.");
                }

                settings[pair[..eq]] = pair[(eq + 1)..];
            }

            string name = parse.GetRequiredValue(createName);
            using var admin = new KafkaTopicAdmin(Options(parse, context, globals, bootstrap));
            await admin.CreateTopicAsync(new KafkaTopicSpec(name, p, r, settings), ct).ConfigureAwait(false);
            await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Created topic {name} ({p} partitions, replication factor {r}).")).ConfigureAwait(false);
            return ExitCodes.Success;
        });

        var deleteName = new Argument<string>("topic") { Description = "The topic." };
        var delete = new Command("delete", "Delete a topic.") { deleteName };
        delete.SetAction(async (parse, ct) =>
        {
            string name = parse.GetRequiredValue(deleteName);
            using var admin = new KafkaTopicAdmin(Options(parse, context, globals, bootstrap));
            await admin.DeleteTopicAsync(name, ct).ConfigureAwait(false);
            await context.Output.WriteLineAsync($"Deleted topic {name}.").ConfigureAwait(false);
            return ExitCodes.Success;
        });

        topics.Add(list);
        topics.Add(describe);
        topics.Add(create);
        topics.Add(delete);
        return topics;
    }

    private static Command Produce(CliContext context, GlobalOptions globals, Option<string?> bootstrap)
    {
        var topic = new Option<string?>("--topic", "-t") { Description = "Topic (default: KAFKA_TOPIC or [connectors.kafka] topic)." };
        var generate = new Option<string?>("--generate", "-g") { Description = "Generate telemetry: traces, metrics or logs." }.AcceptOnlyFromAmong("traces", "metrics", "logs");
        var records = new Option<long>("--records", "-n") { Description = "Records to generate.", DefaultValueFactory = _ => 1000 };
        var input = new Option<FileInfo?>("--input", "-i") { Description = "A JSON Lines (.jsonl) or Parquet (.parquet) file to produce, one record per row.", HelpName = "FILE" };
        var seed = new Option<long>("--seed") { Description = "Generator seed.", DefaultValueFactory = _ => 42 };
        var encoding = new Option<string?>("--encoding", "-e") { Description = "json or avro (default: [connectors.kafka] encoding)." }.AcceptOnlyFromAmong("json", "avro");
        var batchSize = new Option<int>("--batch-size") { Description = "Rows per Arrow batch.", DefaultValueFactory = _ => 10_000 };
        var command = new Command("produce", "Produce generated telemetry or a file's rows to a topic and report deliveries.")
        {
            topic, generate, records, input, seed, encoding, batchSize,
        };
        command.SetAction(async (parse, ct) =>
        {
            string? kind = parse.GetValue(generate);
            FileInfo? file = parse.GetValue(input);
            if ((kind is null) == (file is null))
            {
                throw new UsageException("Give exactly one of --generate traces|metrics|logs (with --records N) or --input FILE.");
            }

            int size = parse.GetValue(batchSize);
            long count = parse.GetValue(records);
            if (size < 1 || count < 0)
            {
                throw new UsageException("--batch-size must be positive and --records zero or more.");
            }

            KafkaOptions options = Options(parse, context, globals, bootstrap, parse.GetValue(topic));
            if (parse.GetValue(encoding) is { } e)
            {
                options.Encoding = e == "avro" ? KafkaEncoding.Avro : KafkaEncoding.Json;
            }

            IAsyncEnumerable<RecordBatch> batches;
            if (kind is not null)
            {
                var generator = new TelemetryGenerator(new TelemetryGeneratorOptions { Seed = parse.GetValue(seed) });
                batches = generator.GenerateAsync(Enum.Parse<TelemetryKind>(kind, ignoreCase: true), count, size, ct);
            }
            else
            {
                if (!file!.Exists)
                {
                    throw new UsageException($"--input file '{file.FullName}' does not exist.");
                }

                batches = ReadFile(file, size, ct);
            }

            await using var producer = new KafkaBatchProducer(options);
            KafkaProduceResult result = await producer.ProduceAllAsync(batches, null, ct).ConfigureAwait(false);
            await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Produced {result.Records} records ({result.Rows} rows, {result.Bytes} bytes) to topic {options.Topic}: {result.Delivered} delivered, {result.Failed} failed.")).ConfigureAwait(false);
            result.EnsureSuccess(options.Topic);
            return ExitCodes.Success;
        });
        return command;
    }

    private static async IAsyncEnumerable<RecordBatch> ReadFile(FileInfo file, int batchSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        if (file.Extension.Equals(".parquet", StringComparison.OrdinalIgnoreCase))
        {
            await using var parquet = ParquetBatchReader.Open(file.FullName);
            await foreach (RecordBatch batch in parquet.ReadAsync(new ParquetReadOptions { BatchSize = batchSize }, ct).ConfigureAwait(false))
            {
                yield return batch;
            }

            yield break;
        }

        var reader = new JsonLinesBatchReader(JsonLinesBatchReader.InferSchema(file.FullName), batchSize);
        await foreach (RecordBatch batch in reader.ReadFileAsync(file.FullName, ct).ConfigureAwait(false))
        {
            yield return batch;
        }
    }

    private static Command Consume(CliContext context, GlobalOptions globals, Option<string?> bootstrap)
    {
        var topic = new Option<string?>("--topic", "-t") { Description = "Topic (default: KAFKA_TOPIC or [connectors.kafka] topic)." };
        var group = new Option<string?>("--group", "-G") { Description = "Consumer group (default: [connectors.kafka] group_id)." };
        var max = new Option<long?>("--max", "-n") { Description = "Stop after this many rows (default: until idle)." };
        var format = new Option<string>("--format", "-f") { Description = "Output format.", DefaultValueFactory = _ => "jsonl" }.AcceptOnlyFromAmong("jsonl");
        var kind = new Option<string>("--kind", "-k") { Description = "Telemetry schema to decode into: traces, metrics or logs.", DefaultValueFactory = _ => "traces" }.AcceptOnlyFromAmong("traces", "metrics", "logs");
        var idle = new Option<double>("--idle-timeout") { Description = "Stop after this many seconds without records.", DefaultValueFactory = _ => 5 };
        var command = new Command("consume", "Consume a topic in a consumer group and write the rows as JSON Lines (offsets committed after writing).")
        {
            topic, group, max, format, kind, idle,
        };
        command.SetAction(async (parse, ct) =>
        {
            long? limit = parse.GetValue(max);
            if (limit is < 1)
            {
                throw new UsageException("--max must be at least 1.");
            }

            KafkaOptions options = Options(parse, context, globals, bootstrap, parse.GetValue(topic));
            Schema schema = TelemetrySchemas.For(Enum.Parse<TelemetryKind>(parse.GetValue(kind)!, ignoreCase: true));
            using var consumer = new KafkaBatchConsumer(options, schema, null, parse.GetValue(group));
            consumer.Subscribe(options.Topic);
            using var writer = new JsonLinesBatchWriter(context.Output, leaveOpen: true);
            long rows = 0;
            var idleFor = TimeSpan.FromSeconds(parse.GetValue(idle));
            DateTime lastData = DateTime.UtcNow;
            while (!ct.IsCancellationRequested && (limit is null || rows < limit) && DateTime.UtcNow - lastData < idleFor)
            {
                int want = (int)Math.Min(limit is null ? 10_000 : limit.Value - rows, 10_000);
                KafkaConsumedBatch batch = await consumer.ConsumeBatchAsync(want, TimeSpan.FromMilliseconds(500), ct).ConfigureAwait(false);
                if (batch.Batch is not { } data)
                {
                    continue;
                }

                RecordBatch output = limit is { } l && rows + data.Length > l ? data.Slice(0, (int)(l - rows)) : data;
                await writer.WriteAsync(output, ct).ConfigureAwait(false);
                await writer.FlushAsync(ct).ConfigureAwait(false);
                rows += output.Length;
                consumer.Commit(batch);
                lastData = DateTime.UtcNow;
            }

            await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Consumed {rows} rows from topic {options.Topic}.")).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
