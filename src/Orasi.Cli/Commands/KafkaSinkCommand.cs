using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Orasi.Cli.Hosting;
using Orasi.Connectors;
using Orasi.Connectors.Configuration;
using Orasi.Connectors.Iceberg.Connector;
using Orasi.Connectors.Kafka.Configuration;
using Orasi.Connectors.Kafka.Sink;
using Orasi.Connectors.Telemetry;

namespace Orasi.Cli.Commands;

/// <summary>
/// <c>orasi kafka sink --topic T --group G --target URI [--table-format delta|iceberg]</c>: consumes a topic in a
/// consumer group and appends to a Delta or Iceberg table exactly once (the consumed offsets are stored in the same
/// commits); run several to split the partitions. Iceberg targets are a filesystem-catalog location
/// <c>&lt;warehouse&gt;/&lt;namespace&gt;/&lt;table&gt;</c>, or <c>namespace.table</c> in the catalog configured in
/// <c>[connectors.iceberg]</c> / <c>ICEBERG_*</c> (sql, rest or filesystem).
/// </summary>
internal static class KafkaSinkCommand
{
    public static Command Create(CliContext context, GlobalOptions globals, Option<string?> bootstrap)
    {
        var topic = new Option<string?>("--topic", "-t") { Description = "Topic (default: KAFKA_TOPIC or [connectors.kafka] topic)." };
        var group = new Option<string?>("--group", "-G") { Description = "Consumer group; instances in one group split the partitions (default: [connectors.kafka] group_id)." };
        var target = new Option<string>("--target") { Description = "The table URI (path, file://, s3://); created on the first commit when missing. Iceberg: <warehouse>/<namespace>/<table> (filesystem catalog), or namespace.table in the catalog of [connectors.iceberg] (e.g. sql).", Required = true, HelpName = "URI" };
        var format = new Option<string>("--table-format") { Description = "Table format.", DefaultValueFactory = _ => "delta" }.AcceptOnlyFromAmong("delta", "iceberg");
        var kind = new Option<string?>("--kind", "-k") { Description = "Telemetry schema to decode into: traces, metrics or logs (default: the table's schema, or traces for a new table)." }.AcceptOnlyFromAmong("traces", "metrics", "logs");
        var partitionBy = new Option<string[]>("--partition-by") { Description = "Partition column of a new table (Iceberg: also day(col), bucket[N](col)…; default day(timestamp) for telemetry); repeatable." };
        var storage = new Option<string[]>("--storage-option") { Description = "Object store option key=value; repeatable." };
        var maxRows = new Option<long?>("--max-rows") { Description = "Stop after committing at least this many rows." };
        var flushRows = new Option<long>("--flush-rows") { Description = "Commit once this many rows are buffered.", DefaultValueFactory = _ => 100_000 };
        var flushBytes = new Option<long>("--flush-bytes") { Description = "Commit once this many bytes of Arrow data are buffered.", DefaultValueFactory = _ => 128L * 1024 * 1024 };
        var flushSeconds = new Option<double>("--flush-seconds") { Description = "Commit when the oldest buffered row has waited this many seconds.", DefaultValueFactory = _ => 10 };
        var idle = new Option<double?>("--idle-timeout") { Description = "Stop after this many seconds without records (default: run until interrupted)." };
        var command = new Command("sink", "Consume a topic into a Delta or Iceberg table exactly once: offsets are committed with the data, so restarts and crashes neither lose nor duplicate rows.")
        {
            topic, group, target, format, kind, partitionBy, storage, maxRows, flushRows, flushBytes, flushSeconds, idle,
        };
        command.SetAction(async (parse, ct) =>
        {
            long rowsFlush = parse.GetValue(flushRows);
            long bytesFlush = parse.GetValue(flushBytes);
            double seconds = parse.GetValue(flushSeconds);
            long? limit = parse.GetValue(maxRows);
            double? idleSeconds = parse.GetValue(idle);
            if (rowsFlush < 1 || bytesFlush < 1 || !(seconds > 0) || limit is < 1 || idleSeconds is not null and not > 0)
            {
                throw new UsageException("--flush-rows, --flush-bytes, --flush-seconds, --max-rows and --idle-timeout must be positive.");
            }

            IConfigurationRoot configuration = ConfigurationLoader.Load(parse, globals, context);
            KafkaOptions options = KafkaOptions.FromConfiguration(configuration).Clone();
            if (parse.GetValue(bootstrap) is { Length: > 0 } servers)
            {
                options.BootstrapServers = [.. servers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            }

            if (parse.GetValue(topic) is { } t)
            {
                options.Topic = t;
            }

            string uri = parse.GetRequiredValue(target);
            string[] partitions = parse.GetValue(partitionBy) ?? [];
            bool iceberg = parse.GetValue(format) == "iceberg";
            IReadOnlyDictionary<string, string> storageOptions = StorageOptionsParser.Parse(parse.GetValue(storage));
            IcebergOptions? catalogTarget = iceberg ? IcebergTarget(configuration, uri, partitions) : null;
            if (catalogTarget is not null)
            {
                foreach (var (key, value) in storageOptions)
                {
                    catalogTarget.StorageOptions[key] = value;
                }
            }

            KafkaTableSink sink;
            try
            {
                sink = new KafkaTableSink(options, new KafkaTableSinkOptions
                {
                    TableUri = uri,
                    Format = iceberg ? KafkaSinkTableFormat.Iceberg : KafkaSinkTableFormat.Delta,
                    Iceberg = catalogTarget,
                    GroupId = parse.GetValue(group),
                    Schema = parse.GetValue(kind) is { } k ? TelemetrySchemas.For(Enum.Parse<TelemetryKind>(k, ignoreCase: true)) : null,
                    PartitionBy = partitions.Length == 0 ? null : partitions,
                    StorageOptions = storageOptions,
                    FlushRows = rowsFlush,
                    FlushBytes = bytesFlush,
                    FlushInterval = TimeSpan.FromSeconds(seconds),
                    MaxRows = limit,
                    IdleTimeout = idleSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
                    Log = message => context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HH:mm:ss.fff} {message}")),
                });
            }
            catch (ValidationFailedException ex)
            {
                throw new UsageException(ex.Message);
            }

            KafkaSinkResult result = await sink.RunAsync(ct).ConfigureAwait(false);
            await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {result.RowsWritten} rows from topic {options.Topic} to {uri} in {result.Commits} commits ({result.Conflicts} discarded after a concurrent owner advanced a partition).")).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// A <c>namespace.table</c> (or bare <c>table</c>) target names a table in the configured Iceberg catalog; a path or
    /// URI is a filesystem-catalog location, resolved by the sink itself (null here).
    /// </summary>
    private static IcebergOptions? IcebergTarget(IConfigurationRoot configuration, string target, string[] partitions)
    {
        foreach (string p in partitions)
        {
            try
            {
                IcebergOptions.ParsePartition(p);
            }
            catch (ValidationFailedException ex)
            {
                throw new UsageException($"--partition-by: {ex.Message}");
            }
        }

        if (target.Contains('/', StringComparison.Ordinal) || target.Contains('\\', StringComparison.Ordinal))
        {
            return null;
        }

        int dot = target.LastIndexOf('.');
        configuration["connectors:iceberg:table"] = dot < 0 ? target : target[(dot + 1)..];
        if (dot > 0)
        {
            configuration["connectors:iceberg:namespace"] = target[..dot];
        }

        IcebergOptions iceberg;
        try
        {
            iceberg = IcebergOptions.FromConfiguration(configuration);
        }
        catch (ConfigurationValidationException ex)
        {
            throw new UsageException($"--target '{target}' names a table in the configured Iceberg catalog, whose settings are incomplete: {ex.Message} Or give a table location <warehouse>/<namespace>/<table>.");
        }

        if (partitions.Length > 0)
        {
            iceberg.PartitionBy = [.. partitions];
        }

        return iceberg;
    }
}
