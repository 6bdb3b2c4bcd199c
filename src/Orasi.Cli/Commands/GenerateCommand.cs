using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Apache.Arrow;
using Orasi.Cli.Hosting;
using Orasi.Connectors;
using Orasi.Connectors.DeltaLake.Connector;
using Orasi.Connectors.Iceberg.Connector;
using Orasi.Connectors.Formatting;
using Orasi.Connectors.Parquet;
using Orasi.Connectors.Storage;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;
using Spectre.Console;

namespace Orasi.Cli.Commands;

/// <summary>
/// <c>orasi generate</c>: writes deterministic, realistic telemetry (spans, metric data points or log records) to a
/// Parquet or JSON Lines file or directory, on local disk or any object store (<c>--output</c>), or through a
/// connector into a table (<c>--connector deltalake --target URI</c>: a Delta table partitioned by <c>event_date</c>).
/// </summary>
internal static class GenerateCommand
{
    public static Command Create(CliContext context, GlobalOptions globals)
    {
        var kind = new Option<string>("--kind", "-k")
        {
            Description = "What to generate: traces (spans), metrics (data points) or logs (log records).",
            Required = true,
        }.AcceptOnlyFromAmong("traces", "metrics", "logs");
        var records = new Option<long>("--records", "-n")
        {
            Description = "How many records (rows) to generate.",
            Required = true,
        };
        var seed = new Option<long>("--seed", "-s")
        {
            Description = "Seed of the generator; the same seed and arguments give the same data.",
            DefaultValueFactory = _ => 42,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "A file (name ending in .parquet or .jsonl), a directory, or a store URI (s3://bucket/prefix, file://, memory://). Alternative to --connector/--target.",
            HelpName = "PATH",
        };
        var connector = new Option<string?>("--connector")
        {
            Description = "Write through a connector instead of to files: deltalake (a Delta table partitioned by event_date), iceberg (an Iceberg table <warehouse>/<namespace>/<table> partitioned by day(timestamp)) or s3-parquet (a Hive-partitioned dataset). Needs --target.",
        }.AcceptOnlyFromAmong("deltalake", "iceberg", "s3-parquet");
        var target = new Option<string?>("--target")
        {
            Description = "The table the connector writes to: a path, file://, s3:// or memory:// URI. Needs --connector.",
            HelpName = "URI",
        };
        var format = new Option<string?>("--format", "-f")
        {
            Description = "parquet or jsonl (default: from the file extension, else parquet).",
        }.AcceptOnlyFromAmong("parquet", "jsonl");
        var batchSize = new Option<int>("--batch-size")
        {
            Description = "Rows per generated Arrow batch.",
            DefaultValueFactory = _ => 65_536,
        };
        var compression = new Option<string>("--compression")
        {
            Description = "Parquet codec: snappy, zstd, gzip, lz4 or none.",
            DefaultValueFactory = _ => "snappy",
        }.AcceptOnlyFromAmong("snappy", "zstd", "gzip", "lz4", "none");
        var rowsPerFile = new Option<long>("--rows-per-file")
        {
            Description = "When --output is a directory: start a new part file after this many rows.",
            DefaultValueFactory = _ => 1_000_000,
        };
        var storageOptions = new Option<string[]>("--storage-option")
        {
            Description = "Object store option key=value (e.g. aws_endpoint=http://127.0.0.1:9000); repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };

        var partitionBy = new Option<string[]>("--partition-by")
        {
            Description = "With --connector s3-parquet: a column to partition by (repeatable); time partitions year=/month=/day=/hour= from 'timestamp' are always added.",
            AllowMultipleArgumentsPerToken = false,
        };

        var command = new Command("generate", "Generate realistic telemetry (seeded, deterministic) into Parquet or JSON Lines.")
        {
            kind, records, seed, output, connector, target, format, batchSize, compression, rowsPerFile, storageOptions, partitionBy,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var outputValue = parse.GetValue(output);
            var connectorValue = parse.GetValue(connector);
            var targetValue = parse.GetValue(target);
            if (outputValue is not null && (connectorValue is not null || targetValue is not null))
            {
                throw new UsageException("Give either --output (files) or --connector with --target (a table), not both.");
            }

            if (outputValue is null && connectorValue is null && targetValue is null)
            {
                throw new UsageException("Say where to write: --output PATH for Parquet/JSON Lines files, or --connector deltalake|s3-parquet --target URI for a Delta table or a partitioned dataset.");
            }

            if (outputValue is null)
            {
                if (connectorValue is null || string.IsNullOrWhiteSpace(targetValue))
                {
                    throw new UsageException(connectorValue is null
                        ? "--target needs --connector (e.g. --connector deltalake --target ./lake/traces)."
                        : $"--connector {connectorValue} needs --target URI, the table to write to (e.g. ./lake/traces or s3://bucket/traces).");
                }

                if (parse.GetValue(format) is not null)
                {
                    throw new UsageException("--format applies to --output files; a connector chooses its own format.");
                }

                if (connectorValue == "s3-parquet")
                {
                    return await GenerateToConnector.RunAsync(
                        context,
                        Enum.Parse<TelemetryKind>(parse.GetRequiredValue(kind), ignoreCase: true),
                        parse.GetValue(records),
                        parse.GetValue(seed),
                        parse.GetValue(batchSize),
                        connectorValue,
                        targetValue,
                        parse.GetValue(compression)!,
                        parse.GetValue(rowsPerFile),
                        parse.GetValue(partitionBy) ?? [],
                        StorageOptionsParser.Parse(parse.GetValue(storageOptions)),
                        cancellationToken).ConfigureAwait(false);
                }

                if (connectorValue == "iceberg")
                {
                    return await RunToIcebergAsync(
                        context,
                        Enum.Parse<TelemetryKind>(parse.GetRequiredValue(kind), ignoreCase: true),
                        parse.GetValue(records),
                        parse.GetValue(seed),
                        parse.GetValue(batchSize),
                        targetValue,
                        parse.GetValue(compression)!,
                        StorageOptionsParser.Parse(parse.GetValue(storageOptions)),
                        cancellationToken).ConfigureAwait(false);
                }

                var tableRequest = new GenerateToTableRequest(
                    Kind: Enum.Parse<TelemetryKind>(parse.GetRequiredValue(kind), ignoreCase: true),
                    Records: parse.GetValue(records),
                    Seed: parse.GetValue(seed),
                    Target: targetValue,
                    BatchSize: parse.GetValue(batchSize),
                    Compression: Enum.Parse<ParquetCompression>(parse.GetValue(compression)!, ignoreCase: true),
                    StorageOptions: StorageOptionsParser.Parse(parse.GetValue(storageOptions)));
                return await RunToTableAsync(context, tableRequest, cancellationToken).ConfigureAwait(false);
            }

            var request = new GenerateRequest(
                Kind: Enum.Parse<TelemetryKind>(parse.GetRequiredValue(kind), ignoreCase: true),
                Records: parse.GetValue(records),
                Seed: parse.GetValue(seed),
                Output: OutputLocation.Parse(outputValue),
                Format: parse.GetValue(format),
                BatchSize: parse.GetValue(batchSize),
                Compression: Enum.Parse<ParquetCompression>(parse.GetValue(compression)!, ignoreCase: true),
                RowsPerFile: parse.GetValue(rowsPerFile),
                StorageOptions: StorageOptionsParser.Parse(parse.GetValue(storageOptions)));
            return await RunAsync(context, request, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private sealed record GenerateRequest(
        TelemetryKind Kind,
        long Records,
        long Seed,
        OutputLocation Output,
        string? Format,
        int BatchSize,
        ParquetCompression Compression,
        long RowsPerFile,
        IReadOnlyDictionary<string, string> StorageOptions);

    private sealed record GenerateToTableRequest(
        TelemetryKind Kind,
        long Records,
        long Seed,
        string Target,
        int BatchSize,
        ParquetCompression Compression,
        IReadOnlyDictionary<string, string> StorageOptions);

    private static async Task<int> RunToIcebergAsync(CliContext context, TelemetryKind kind, long records, long seed, int batchSize, string target, string compression, IReadOnlyDictionary<string, string> storageOptions, CancellationToken cancellationToken)
    {
        ValidateCounts(records, batchSize, rowsPerFile: 1);
        IcebergOptions options;
        try
        {
            options = IcebergOptions.ForLocation(target, storageOptions);
        }
        catch (ValidationFailedException ex)
        {
            throw new UsageException($"--target: {ex.Message}");
        }

        options.BatchSize = int.MaxValue; // one snapshot for the whole run
        options.Properties["write.parquet.compression-codec"] = compression == "none" ? "uncompressed" : compression;
        var kindName = kind.ToString().ToLowerInvariant();
        var stopwatch = Stopwatch.StartNew();
        var generator = new TelemetryGenerator(new TelemetryGeneratorOptions { Seed = seed });
        var sink = new IcebergConnector(options);
        await using (sink.ConfigureAwait(false))
        {
            await sink.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await GenerateIntoAsync(generator, kind, records, batchSize, (batch, ct) => sink.WriteBatchAsync(batch, ct), _ => { }, cancellationToken).ConfigureAwait(false);
            await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (sink.LastCommit is not { } result)
            {
                await context.Output.WriteLineAsync($"Generated no {kindName} records; nothing was committed to {target}.").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {records:N0} {kindName} records to the Iceberg table {target} (snapshot {result.SnapshotId}, {result.AddedFiles.Count} file{(result.AddedFiles.Count == 1 ? "" : "s")}, {FormatBytes(result.AddedFiles.Sum(f => f.FileSizeInBytes))}) in {stopwatch.Elapsed.TotalSeconds:F1} s.")).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    private static async Task<int> RunToTableAsync(CliContext context, GenerateToTableRequest request, CancellationToken cancellationToken)
    {
        ValidateCounts(request.Records, request.BatchSize, rowsPerFile: 1);
        var generator = new TelemetryGenerator(new TelemetryGeneratorOptions { Seed = request.Seed });
        var kindName = request.Kind.ToString().ToLowerInvariant();
        var stopwatch = Stopwatch.StartNew();
        var options = new DeltaLakeOptions
        {
            TablePath = request.Target,
            StorageOptions = request.StorageOptions.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            Compression = request.Compression,
            BatchSize = int.MaxValue, // one commit for the whole run
            BufferBytes = long.MaxValue,
        };
        var sink = new DeltaLakeConnector(options);
        await using (sink.ConfigureAwait(false))
        {
            await sink.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var write = (Func<RecordBatch, CancellationToken, Task>)((batch, ct) => sink.WriteBatchAsync(batch, ct));
            if (context.Interactive && request.Records > 0)
            {
                await context.ErrorConsole.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                    .StartAsync(async progress =>
                    {
                        var task = progress.AddTask($"Generating {request.Records:N0} {kindName}", maxValue: request.Records);
                        await GenerateIntoAsync(generator, request.Kind, request.Records, request.BatchSize, write, rows => task.Increment(rows), cancellationToken).ConfigureAwait(false);
                    }).ConfigureAwait(false);
            }
            else
            {
                await GenerateIntoAsync(generator, request.Kind, request.Records, request.BatchSize, write, _ => { }, cancellationToken).ConfigureAwait(false);
            }

            await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
            var result = sink.LastCommit;
            if (result is null)
            {
                await context.Output.WriteLineAsync($"Generated no {kindName} records; nothing was committed to {request.Target}.").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {result.RowsWritten:N0} {kindName} records to the Delta table {request.Target} (version {result.Version}, {result.FilesAdded} file{(result.FilesAdded == 1 ? "" : "s")}, {FormatBytes(result.BytesWritten)}) in {stopwatch.Elapsed.TotalSeconds:F1} s.")).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    private static async Task GenerateIntoAsync(TelemetryGenerator generator, TelemetryKind kind, long records, int batchSize,
        Func<RecordBatch, CancellationToken, Task> write, Action<long> progress, CancellationToken cancellationToken)
    {
        foreach (var batch in generator.Generate(kind, records, batchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using (batch)
            {
                await write(batch, cancellationToken).ConfigureAwait(false);
                progress(batch.Length);
            }
        }
    }

    private static void ValidateCounts(long records, int batchSize, long rowsPerFile)
    {
        if (records < 0)
        {
            throw new UsageException($"--records must be zero or more, got {records}.");
        }

        if (batchSize <= 0)
        {
            throw new UsageException($"--batch-size must be positive, got {batchSize}.");
        }

        if (rowsPerFile <= 0)
        {
            throw new UsageException($"--rows-per-file must be positive, got {rowsPerFile}.");
        }
    }

    private static async Task<int> RunAsync(CliContext context, GenerateRequest request, CancellationToken cancellationToken)
    {
        ValidateCounts(request.Records, request.BatchSize, request.RowsPerFile);

        var format = ResolveFormat(request.Output, request.Format);
        var generator = new TelemetryGenerator(new TelemetryGeneratorOptions { Seed = request.Seed });
        var kindName = request.Kind.ToString().ToLowerInvariant();
        var stopwatch = Stopwatch.StartNew();

        await using var store = request.Output.OpenStore(request.StorageOptions);
        var sink = new PartFileSink(store, request.Output, kindName, format, request.Compression, request.RowsPerFile, TelemetrySchemas.For(request.Kind));
        await using (sink.ConfigureAwait(false))
        {
            if (context.Interactive && request.Records > 0)
            {
                await context.ErrorConsole.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                    .StartAsync(async progress =>
                    {
                        var task = progress.AddTask($"Generating {request.Records:N0} {kindName}", maxValue: request.Records);
                        await WriteAllAsync(generator, request, sink, rows => task.Increment(rows), cancellationToken).ConfigureAwait(false);
                    }).ConfigureAwait(false);
            }
            else
            {
                await WriteAllAsync(generator, request, sink, _ => { }, cancellationToken).ConfigureAwait(false);
            }

            await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        var files = sink.Written;
        var bytes = files.Sum(f => f.Size);
        var where = request.Output.IsFile ? request.Output.Display : $"{request.Output.Display} ({files.Count} file{(files.Count == 1 ? "" : "s")})";
        await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {request.Records:N0} {kindName} records ({format}, {FormatBytes(bytes)}) to {where} in {stopwatch.Elapsed.TotalSeconds:F1} s.")).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static Task WriteAllAsync(TelemetryGenerator generator, GenerateRequest request, PartFileSink sink, Action<long> progress, CancellationToken cancellationToken) =>
        GenerateIntoAsync(generator, request.Kind, request.Records, request.BatchSize, sink.WriteAsync, progress, cancellationToken);

    private static string ResolveFormat(OutputLocation output, string? requested)
    {
        var fromExtension = output.Extension switch
        {
            null => null,
            "parquet" or "pq" => "parquet",
            "jsonl" or "ndjson" or "json" => "jsonl",
            var other => throw new UsageException($"--output '{output.Display}' has the extension '.{other}'; use .parquet or .jsonl, or give a directory."),
        };

        if (requested is not null && fromExtension is not null && requested != fromExtension)
        {
            throw new UsageException($"--format {requested} does not match the extension of --output '{output.Display}'.");
        }

        return requested ?? fromExtension ?? "parquet";
    }

    internal static string FormatBytes(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):F2} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):F1} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F1} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };

    /// <summary>
    /// Writes batches to one file, or to numbered part files in a directory, rolling after a number of rows.
    /// Each file becomes visible only when complete; a failure aborts the file being written.
    /// </summary>
    private sealed class PartFileSink(
        IObjectStore store,
        OutputLocation output,
        string kindName,
        string format,
        ParquetCompression compression,
        long rowsPerFile,
        Schema schema) : IAsyncDisposable
    {
        private ObjectWriteStream? _stream;
        private ParquetBatchWriter? _parquet;
        private JsonLinesBatchWriter? _jsonl;
        private long _rowsInFile;
        private int _part;

        public List<ObjectMetadata> Written { get; } = [];

        public async Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
        {
            var offset = 0;
            while (offset < batch.Length)
            {
                if (_stream is null || (!output.IsFile && _rowsInFile >= rowsPerFile))
                {
                    await CloseFileAsync(cancellationToken).ConfigureAwait(false);
                    await OpenFileAsync(cancellationToken).ConfigureAwait(false);
                }

                var take = output.IsFile ? batch.Length - offset : (int)Math.Min(batch.Length - offset, rowsPerFile - _rowsInFile);
                using var slice = offset == 0 && take == batch.Length ? null : batch.Slice(offset, take);
                var piece = slice ?? batch;
                if (_parquet is not null)
                {
                    await _parquet.WriteBatchAsync(piece, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await _jsonl!.WriteAsync(piece, cancellationToken).ConfigureAwait(false);
                }

                _rowsInFile += take;
                offset += take;
            }
        }

        public async Task CompleteAsync(CancellationToken cancellationToken)
        {
            if (_stream is null)
            {
                await OpenFileAsync(cancellationToken).ConfigureAwait(false); // zero records still give a valid, empty file
            }

            await CloseFileAsync(cancellationToken).ConfigureAwait(false);
        }

        private async Task OpenFileAsync(CancellationToken cancellationToken)
        {
            var extension = format == "parquet" ? "parquet" : "jsonl";
            var name = output.FileName ?? string.Create(CultureInfo.InvariantCulture, $"{kindName}-part-{_part++:D5}.{extension}");
            _stream = await store.OpenWriteAsync(name, cancellationToken).ConfigureAwait(false);
            _rowsInFile = 0;
            if (format == "parquet")
            {
                _parquet = new ParquetBatchWriter(_stream, schema, new ParquetWriteOptions { Compression = compression, CreatedBy = "orasi" }, name);
            }
            else
            {
                _jsonl = new JsonLinesBatchWriter(_stream, leaveOpen: true);
            }
        }

        private async Task CloseFileAsync(CancellationToken cancellationToken)
        {
            if (_stream is null)
            {
                return;
            }

            if (_parquet is not null)
            {
                await _parquet.CompleteAsync(cancellationToken).ConfigureAwait(false);
                await _parquet.DisposeAsync().ConfigureAwait(false);
                _parquet = null;
            }

            if (_jsonl is not null)
            {
                await _jsonl.FlushAsync(cancellationToken).ConfigureAwait(false);
                await _jsonl.DisposeAsync().ConfigureAwait(false);
                _jsonl = null;
            }

            Written.Add(await _stream.CompleteAsync(cancellationToken).ConfigureAwait(false));
            await _stream.DisposeAsync().ConfigureAwait(false);
            _stream = null;
        }

        public async ValueTask DisposeAsync()
        {
            // Reached with an open file only when writing failed: discard it so no partial object becomes visible.
            if (_stream is not null)
            {
                _stream.Abort();
                if (_parquet is not null)
                {
                    try { await _parquet.DisposeAsync().ConfigureAwait(false); }
#pragma warning disable CA1031 // Best effort while discarding a failed file; the original error is what matters.
                    catch (Exception) { }
#pragma warning restore CA1031
                }

                if (_jsonl is not null)
                {
                    await _jsonl.DisposeAsync().ConfigureAwait(false);
                }

                await _stream.DisposeAsync().ConfigureAwait(false);
                _stream = null;
            }
        }
    }
}
