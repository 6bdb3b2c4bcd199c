using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Apache.Arrow;
using Orasi.Cli.Hosting;
using Orasi.Connectors;
using Orasi.Connectors.DeltaLake.Operations;
using Orasi.Connectors.Iceberg.Connector;
using Orasi.Connectors.Iceberg.Operations;
using Orasi.Connectors.Storage;
using Orasi.Connectors.Formatting;
using Orasi.Connectors.Parquet;

namespace Orasi.Cli.Commands;

/// <summary>
/// <c>orasi write URI --input FILE</c>: appends (or overwrites with) the rows of a Parquet or JSON Lines file to a Delta
/// table, creating it when missing, in one commit; prints the version, files and rows.
/// </summary>
internal static class WriteCommand
{
    public static Command Create(CliContext context, GlobalOptions globals)
    {
        _ = globals;
        var uri = new Argument<string>("URI") { Description = "The Delta table: a path, file://, s3:// or memory:// URI (created when missing)." };
        var input = new Option<string>("--input", "-i") { Description = "The data: a Parquet (.parquet) or JSON Lines (.jsonl) file.", Required = true, HelpName = "FILE" };
        var mode = new Option<string>("--mode")
        {
            Description = "append (default) adds the rows; overwrite replaces the table's rows.",
            DefaultValueFactory = _ => "append",
        }.AcceptOnlyFromAmong("append", "overwrite");
        var partitionBy = new Option<string[]>("--partition-by")
        {
            Description = "Partition columns of a new table, comma-separated or repeated (an existing table keeps its own).",
            HelpName = "COLUMNS",
        };
        var format = new Option<string?>("--format", "-f") { Description = "parquet or jsonl (default: from the file extension)." }.AcceptOnlyFromAmong("parquet", "jsonl");
        var schemaMode = new Option<string>("--schema-mode")
        {
            Description = "none (default: the data must match the table), merge (add new columns) or overwrite (replace the schema; with --mode overwrite).",
            DefaultValueFactory = _ => "none",
        }.AcceptOnlyFromAmong("none", "merge", "overwrite");
        var compression = new Option<string>("--compression")
        {
            Description = "Parquet codec of the data files: snappy, zstd, gzip, lz4 or none.",
            DefaultValueFactory = _ => "snappy",
        }.AcceptOnlyFromAmong("snappy", "zstd", "gzip", "lz4", "none");
        var storageOptions = new Option<string[]>("--storage-option") { Description = "Object store option key=value (e.g. aws_endpoint=http://127.0.0.1:9000); repeatable." };
        var tableFormat = new Option<string?>("--table-format")
        {
            Description = "delta or iceberg (default: iceberg when an Iceberg table is at URI, else delta). Iceberg tables live at <warehouse>/<namespace>/<table> (filesystem catalog); --partition-by takes day(col), bucket[N](col) or column names.",
        }.AcceptOnlyFromAmong("delta", "deltalake", "iceberg");

        var command = new Command("write", "Write a Parquet or JSON Lines file to a Delta or Iceberg table (append or overwrite) in one commit.")
        {
            uri, input, mode, partitionBy, format, schemaMode, compression, storageOptions, tableFormat,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var inputPath = parse.GetRequiredValue(input);
            var inputFormat = ResolveFormat(inputPath, parse.GetValue(format));
            if (!File.Exists(inputPath))
            {
                throw new UsageException($"--input '{inputPath}' does not exist; give a Parquet or JSON Lines file.");
            }

            var writeMode = parse.GetValue(mode) == "overwrite" ? DeltaWriteMode.Overwrite : DeltaWriteMode.Append;
            var schema = Enum.Parse<DeltaSchemaMode>(parse.GetValue(schemaMode)!, ignoreCase: true);
            if (schema == DeltaSchemaMode.Overwrite && writeMode != DeltaWriteMode.Overwrite)
            {
                throw new UsageException("--schema-mode overwrite replaces the table's schema and needs --mode overwrite; use --schema-mode merge to add columns while appending.");
            }

            var partitions = (parse.GetValue(partitionBy) ?? [])
                .SelectMany(p => p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .ToList();
            var options = new DeltaWriteOptions
            {
                Mode = writeMode,
                SchemaMode = schema,
                PartitionBy = partitions.Count > 0 ? partitions : null,
                Compression = Enum.Parse<ParquetCompression>(parse.GetValue(compression)!, ignoreCase: true),
                StorageOptions = StorageOptionsParser.Parse(parse.GetValue(storageOptions)),
            };
            var table = parse.GetRequiredValue(uri);
            var stopwatch = Stopwatch.StartNew();
            if (await IsIcebergAsync(table, parse.GetValue(tableFormat), options.StorageOptions, cancellationToken).ConfigureAwait(false))
            {
                if (schema != DeltaSchemaMode.None)
                {
                    throw new UsageException("--schema-mode applies to Delta tables; evolve an Iceberg table's schema first, then write.");
                }

                return await WriteIcebergAsync(context, table, ReadInputAsync(inputPath, inputFormat, cancellationToken), writeMode == DeltaWriteMode.Overwrite, partitions, parse.GetValue(compression)!, options.StorageOptions, stopwatch, cancellationToken).ConfigureAwait(false);
            }

            var result = await DeltaTableWriter.WriteAsync(table, ReadInputAsync(inputPath, inputFormat, cancellationToken), options, cancellationToken).ConfigureAwait(false);
            await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Committed version {result.Version} of {table}: {result.RowsWritten:N0} rows in {result.FilesAdded} file{(result.FilesAdded == 1 ? "" : "s")} ({GenerateCommand.FormatBytes(result.BytesWritten)}){(result.FilesRemoved > 0 ? $", {result.FilesRemoved} files removed" : "")} in {stopwatch.Elapsed.TotalSeconds:F1} s.")).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<bool> IsIcebergAsync(string uri, string? tableFormat, IReadOnlyDictionary<string, string> storageOptions, CancellationToken cancellationToken)
    {
        if (tableFormat is not null)
        {
            return tableFormat == "iceberg";
        }

        var store = ObjectStoreFactory.Open(uri, storageOptions);
        await using (store.ConfigureAwait(false))
        {
            await foreach (var entry in store.ListAsync("metadata/", cancellationToken).ConfigureAwait(false))
            {
                if (entry.Path.EndsWith(".metadata.json", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static async Task<int> WriteIcebergAsync(CliContext context, string uri, IAsyncEnumerable<RecordBatch> batches, bool overwrite, IReadOnlyList<string> partitions, string compression, IReadOnlyDictionary<string, string> storageOptions, Stopwatch stopwatch, CancellationToken cancellationToken)
    {
        IcebergOptions options;
        try
        {
            options = IcebergOptions.ForLocation(uri, storageOptions);
        }
        catch (ValidationFailedException ex)
        {
            throw new UsageException($"URI: {ex.Message}");
        }

        options.BatchSize = int.MaxValue; // one snapshot
        options.PartitionBy = partitions.Count > 0 ? [.. partitions] : null;
        options.Properties["write.parquet.compression-codec"] = compression == "none" ? "uncompressed" : compression;
        foreach (var p in partitions)
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

        var catalog = await IcebergCatalogFactory.OpenAsync(options, cancellationToken).ConfigureAwait(false);
        await using (catalog.ConfigureAwait(false))
        {
            IcebergCommitResult? result;
            if (overwrite && await catalog.TableExistsAsync(options.Identifier, cancellationToken).ConfigureAwait(false))
            {
                var rows = new List<RecordBatch>();
                await foreach (var b in batches.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(b);
                }

                result = await catalog.OverwriteAsync(options.Identifier, null, rows, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var connector = new IcebergConnector(options, catalog: catalog);
                await using (connector.ConfigureAwait(false))
                {
                    await foreach (var b in batches.WithCancellation(cancellationToken).ConfigureAwait(false))
                    {
                        await connector.WriteBatchAsync(b, cancellationToken).ConfigureAwait(false);
                    }

                    await connector.FlushAsync(cancellationToken).ConfigureAwait(false);
                    result = connector.LastCommit;
                }
            }

            if (result?.SnapshotId is null)
            {
                await context.Output.WriteLineAsync($"The input had no rows; nothing was committed to {uri}.").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var added = result.AddedFiles;
            await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Committed snapshot {result.SnapshotId} of Iceberg table {uri}: {added.Sum(f => f.RecordCount):N0} rows in {added.Count} file{(added.Count == 1 ? "" : "s")} ({GenerateCommand.FormatBytes(added.Sum(f => f.FileSizeInBytes))}){(result.DeletedFiles.Count > 0 ? $", {result.DeletedFiles.Count} files removed" : "")} in {stopwatch.Elapsed.TotalSeconds:F1} s.")).ConfigureAwait(false);
            return ExitCodes.Success;
        }
    }

    private static string ResolveFormat(string path, string? requested)
    {
        var extension = Path.GetExtension(path).TrimStart('.').ToLowerInvariant();
        var fromExtension = extension switch
        {
            "parquet" or "pq" => "parquet",
            "jsonl" or "ndjson" or "json" => "jsonl",
            _ => null,
        };
        if (requested is not null && fromExtension is not null && requested != fromExtension)
        {
            throw new UsageException($"--format {requested} does not match the extension of --input '{path}'.");
        }

        return requested ?? fromExtension
            ?? throw new UsageException($"Cannot tell the format of --input '{path}' from its extension; name it .parquet or .jsonl, or pass --format.");
    }

    private static async IAsyncEnumerable<RecordBatch> ReadInputAsync(string path, string format, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (format == "jsonl")
        {
            var reader = new JsonLinesBatchReader(JsonLinesBatchReader.InferSchema(path), batchSize: 65_536);
            await foreach (var batch in reader.ReadFileAsync(path, cancellationToken).ConfigureAwait(false))
            {
                yield return batch;
            }

            yield break;
        }

        var parquet = ParquetBatchReader.Open(path);
        await using (parquet.ConfigureAwait(false))
        {
            await foreach (var batch in parquet.ReadAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                yield return batch;
            }
        }
    }
}
