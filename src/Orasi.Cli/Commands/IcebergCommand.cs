using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Apache.Arrow;
using Orasi.Cli.Hosting;
using Orasi.Connectors;
using Orasi.Connectors.Formatting;
using Orasi.Connectors.Iceberg;
using Orasi.Connectors.Iceberg.Catalog;
using Orasi.Connectors.Iceberg.Operations;
using Orasi.Connectors.Iceberg.Spec;
using Orasi.Connectors.Parquet;
using Spectre.Console;

namespace Orasi.Cli.Commands;

/// <summary>
/// <c>orasi iceberg metadata|create|append|rewrite-manifests|remove-orphans URI</c>: Iceberg metadata tables, maintenance and writes to filesystem-catalog
/// (Hadoop layout) tables addressed by location.
/// </summary>
internal static partial class IcebergCommand
{
    private static readonly string[] MetadataTables = ["snapshots", "history", "files", "manifests", "partitions", "refs"];

    public static Command Create(CliContext context, GlobalOptions globals)
    {
        _ = globals;
        var command = new Command("iceberg", "Iceberg-specific commands: metadata tables, create, append, rewrite-manifests and remove-orphans.");
        command.Add(MetadataCommand(context));
        command.Add(CreateCommand(context));
        command.Add(AppendCommand(context));
        command.Add(RewriteManifestsCommand(context));
        command.Add(RemoveOrphansCommand(context));
        return command;
    }

    private static Command MetadataCommand(CliContext context)
    {
        var uri = new Argument<string>("URI") { Description = "Iceberg table directory or metadata file: a path, file://, s3:// or memory:// URI." };
        var storage = StorageOption();
        var table = new Option<string>("--table", "-t") { Description = "snapshots, history, files, manifests, partitions or refs.", Required = true }
            .AcceptOnlyFromAmong(MetadataTables);
        var format = new Option<string>("--format", "-f") { Description = "table (default) or jsonl.", DefaultValueFactory = _ => "table" }
            .AcceptOnlyFromAmong("table", "jsonl");
        var command = new Command("metadata", "Show an Iceberg metadata table.") { uri, storage, table, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var t = await IcebergTable.LoadAsync(parse.GetRequiredValue(uri), StorageOptionsParser.Parse(parse.GetValue(storage)), cancellationToken: cancellationToken).ConfigureAwait(false);
            var batch = parse.GetRequiredValue(table) switch
            {
                "snapshots" => t.SnapshotsTable(),
                "history" => t.HistoryTable(),
                "refs" => t.RefsTable(),
                "files" => await t.FilesTableAsync(cancellationToken).ConfigureAwait(false),
                "manifests" => await t.ManifestsTableAsync(cancellationToken).ConfigureAwait(false),
                _ => await t.PartitionsTableAsync(cancellationToken).ConfigureAwait(false),
            };
            await WriteAsync(context, batch, parse.GetValue(format) ?? "table", cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateCommand(CliContext context)
    {
        var uri = new Argument<string>("URI") { Description = "The new table's directory: <warehouse>/<namespace>/<table>." };
        var storage = StorageOption();
        var like = new Option<string>("--like") { Description = "A Parquet or JSON Lines file whose columns become the table schema.", Required = true };
        var partition = new Option<string[]>("--partition") { Description = "Partition field, e.g. day(ts), bucket[16](id), truncate[4](name) or a column name; repeatable." };
        var version = new Option<int>("--format-version") { Description = "Iceberg format version (1 or 2).", DefaultValueFactory = _ => 2 };
        var command = new Command("create", "Create an empty Iceberg table (filesystem catalog layout) with the schema of a file.") { uri, storage, like, partition, version };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(version) is not (1 or 2))
            {
                throw new UsageException("--format-version must be 1 or 2.");
            }

            var schema = ArrowSchemaConverter.ToIcebergSchema(await ReadSchemaAsync(parse.GetRequiredValue(like), cancellationToken).ConfigureAwait(false));
            var fields = new List<PartitionField>();
            foreach (var p in parse.GetValue(partition) ?? [])
            {
                fields.Add(ParsePartition(p, schema, 1000 + fields.Count));
            }

            var (catalog, id) = await OpenCatalogAsync(parse.GetRequiredValue(uri), StorageOptionsParser.Parse(parse.GetValue(storage)), createNamespace: true, cancellationToken).ConfigureAwait(false);
            await using (catalog.ConfigureAwait(false))
            {
                await using var table = await catalog.CreateTableAsync(id, schema, new PartitionSpec(0, fields), formatVersion: parse.GetValue(version), cancellationToken: cancellationToken).ConfigureAwait(false);
                await context.Output.WriteLineAsync($"Created Iceberg table {table.Location} ({schema.Fields.Count} columns, metadata {table.MetadataLocation}).").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command AppendCommand(CliContext context)
    {
        var uri = new Argument<string>("URI") { Description = "The table's directory: <warehouse>/<namespace>/<table>." };
        var storage = StorageOption();
        var input = new Option<string>("--input", "-i") { Description = "A Parquet (.parquet) or JSON Lines file with the rows.", Required = true };
        var mode = new Option<string>("--mode") { Description = "append (default) or overwrite (replace all rows).", DefaultValueFactory = _ => "append" }
            .AcceptOnlyFromAmong("append", "overwrite");
        var command = new Command("append", "Append (or overwrite) rows of a file to an Iceberg table in one snapshot.") { uri, storage, input, mode };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (catalog, id) = await OpenCatalogAsync(parse.GetRequiredValue(uri), StorageOptionsParser.Parse(parse.GetValue(storage)), createNamespace: false, cancellationToken).ConfigureAwait(false);
            await using (catalog.ConfigureAwait(false))
            {
                Schema arrow;
                await using (var table = await catalog.LoadTableAsync(id, cancellationToken).ConfigureAwait(false))
                {
                    arrow = table.Schema.ToArrowSchema();
                }

                var batches = ReadRowsAsync(parse.GetRequiredValue(input), arrow, cancellationToken);
                var result = parse.GetValue(mode) == "overwrite"
                    ? await catalog.OverwriteAsync(id, null, await ToListAsync(batches, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false)
                    : await catalog.AppendAsync(id, batches, cancellationToken).ConfigureAwait(false);
                var rows = result.AddedFiles.Sum(f => f.RecordCount);
                await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Committed snapshot {result.SnapshotId}: {rows} rows in {result.AddedFiles.Count} files ({result.Attempts} attempt{(result.Attempts == 1 ? "" : "s")}).")).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Option<string[]> StorageOption() => new("--storage-option") { Description = "Object store option key=value; repeatable." };

    private static async Task<(FileSystemCatalog Catalog, TableIdentifier Id)> OpenCatalogAsync(string uri, IReadOnlyDictionary<string, string> storageOptions, bool createNamespace, CancellationToken cancellationToken)
    {
        var location = uri.Contains("://", StringComparison.Ordinal) ? uri.TrimEnd('/') : Path.GetFullPath(uri).Replace('\\', '/').TrimEnd('/');
        var parts = location.Split('/');
        var pathStart = location.Contains("://", StringComparison.Ordinal) ? 4 : 1; // scheme:, "", authority, then path
        if (parts.Length - pathStart < 3)
        {
            throw new UsageException($"Table location '{uri}' must be <warehouse>/<namespace>/<table>.");
        }

        var catalog = new FileSystemCatalog(string.Join('/', parts[..^2]), storageOptions);
        var id = new TableIdentifier(parts[^2], parts[^1]);
        if (createNamespace && !await catalog.NamespaceExistsAsync(id.Namespace, cancellationToken).ConfigureAwait(false))
        {
            await catalog.CreateNamespaceAsync(id.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return (catalog, id);
    }

    private static PartitionField ParsePartition(string text, IcebergSchema schema, int fieldId)
    {
        var m = PartitionPattern().Match(text.Trim());
        var (transformText, column) = m.Success ? (m.Groups["t"].Value, m.Groups["c"].Value) : ("identity", text.Trim());
        var source = schema.FindTopLevelField(column) ?? throw new UsageException($"--partition '{text}': column '{column}' is not in the schema.");
        var transform = Transform.Parse(transformText);
        if (transform.Kind == TransformKind.Unknown)
        {
            throw new UsageException($"--partition '{text}': unknown transform '{transformText}'; use identity, bucket[N], truncate[W], year, month, day or hour.");
        }

        var name = transform.Kind switch
        {
            TransformKind.Identity => source.Name,
            TransformKind.Bucket => $"{source.Name}_bucket",
            TransformKind.Truncate => $"{source.Name}_trunc",
            _ => $"{source.Name}_{transform.Name}",
        };
        return new PartitionField(source.Id, fieldId, name, transform);
    }

    private static async Task<Schema> ReadSchemaAsync(string file, CancellationToken cancellationToken)
    {
        EnsureExists(file);
        if (file.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
        {
            await using var reader = ParquetBatchReader.Open(file);
            return reader.Schema;
        }

        await Task.CompletedTask.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return JsonLinesBatchReader.InferSchema(file);
    }

    private static async IAsyncEnumerable<RecordBatch> ReadRowsAsync(string file, Schema tableSchema, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        EnsureExists(file);
        if (file.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
        {
            await using var reader = ParquetBatchReader.Open(file);
            await foreach (var b in reader.ReadAsync(null, cancellationToken).ConfigureAwait(false))
            {
                yield return b;
            }

            yield break;
        }

        var plain = new Schema(tableSchema.FieldsList.Select(f => new Apache.Arrow.Field(f.Name, f.DataType, f.IsNullable)), null);
        await foreach (var b in new JsonLinesBatchReader(plain).ReadFileAsync(file, cancellationToken).ConfigureAwait(false))
        {
            yield return b;
        }
    }

    private static async Task<List<RecordBatch>> ToListAsync(IAsyncEnumerable<RecordBatch> batches, CancellationToken cancellationToken)
    {
        var list = new List<RecordBatch>();
        await foreach (var b in batches.WithCancellation(cancellationToken).ConfigureAwait(false)) list.Add(b);
        return list;
    }

    private static void EnsureExists(string file)
    {
        if (!File.Exists(file))
        {
            throw new UsageException($"Input file '{file}' does not exist.");
        }
    }

    private static async Task WriteAsync(CliContext context, RecordBatch batch, string format, CancellationToken cancellationToken)
    {
        if (format == "jsonl")
        {
            await using var writer = new JsonLinesBatchWriter(context.Output, leaveOpen: true);
            await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var rendered = new Spectre.Console.Table();
        foreach (var f in batch.Schema.FieldsList) rendered.AddColumn(Markup.Escape(f.Name));
        foreach (var line in JsonLinesBatchWriter.ToJsonLines(batch).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var row = JsonDocument.Parse(line);
            rendered.AddRow(row.RootElement.EnumerateObject().Select(p => Markup.Escape(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.ValueKind == JsonValueKind.Null ? "" : p.Value.GetRawText())).ToArray());
        }

        context.Console.Write(rendered);
        context.Console.WriteLine($"({batch.Length} row{(batch.Length == 1 ? "" : "s")})");
    }

    [GeneratedRegex(@"^(?<t>[a-z]+(?:\[\d+\])?)\((?<c>[^()]+)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex PartitionPattern();
}
