using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Apache.Arrow;
using Orasi.Cli.Hosting;
using Orasi.Connectors.Formatting;
using Orasi.Connectors.Parquet;
using Orasi.Connectors.Storage;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;
using Spectre.Console;

namespace Orasi.Cli.Commands;

/// <summary>
/// <c>orasi generate</c>: writes deterministic, realistic telemetry (spans, metric data points or log records) to a
/// Parquet or JSON Lines file or directory, on local disk or any object store.
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
            Description = "A file (name ending in .parquet or .jsonl), a directory, or a store URI (s3://bucket/prefix, file://, memory://). Not used with --connector.",
            HelpName = "PATH",
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

        var connector = new Option<string?>("--connector")
        {
            Description = "Write through a connector instead of to --output: s3-parquet (a Hive-partitioned dataset at --target).",
        }.AcceptOnlyFromAmong("s3-parquet");
        var target = new Option<string?>("--target")
        {
            Description = "The connector's target, e.g. s3://bucket/prefix for s3-parquet.",
            HelpName = "URI",
        };
        var partitionBy = new Option<string[]>("--partition-by")
        {
            Description = "With --connector s3-parquet: a column to partition by (repeatable); time partitions year=/month=/day=/hour= from 'timestamp' are always added.",
            AllowMultipleArgumentsPerToken = false,
        };

        var command = new Command("generate", "Generate realistic telemetry (seeded, deterministic) into Parquet or JSON Lines.")
        {
            kind, records, seed, output, format, batchSize, compression, rowsPerFile, storageOptions, connector, target, partitionBy,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(connector) is { } connectorName)
            {
                return await GenerateToConnector.RunAsync(
                    context,
                    Enum.Parse<TelemetryKind>(parse.GetRequiredValue(kind), ignoreCase: true),
                    parse.GetValue(records),
                    parse.GetValue(seed),
                    parse.GetValue(batchSize),
                    connectorName,
                    parse.GetValue(target) ?? throw new UsageException($"--connector {connectorName} needs --target, e.g. --target s3://bucket/prefix."),
                    parse.GetValue(compression)!,
                    parse.GetValue(rowsPerFile),
                    parse.GetValue(partitionBy) ?? [],
                    StorageOptionsParser.Parse(parse.GetValue(storageOptions)),
                    cancellationToken).ConfigureAwait(false);
            }

            if (parse.GetValue(output) is null)
            {
                throw new UsageException("generate needs --output PATH, or --connector s3-parquet --target URI.");
            }

            var request = new GenerateRequest(
                Kind: Enum.Parse<TelemetryKind>(parse.GetRequiredValue(kind), ignoreCase: true),
                Records: parse.GetValue(records),
                Seed: parse.GetValue(seed),
                Output: OutputLocation.Parse(parse.GetRequiredValue(output)),
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

    private static async Task<int> RunAsync(CliContext context, GenerateRequest request, CancellationToken cancellationToken)
    {
        if (request.Records < 0)
        {
            throw new UsageException($"--records must be zero or more, got {request.Records}.");
        }

        if (request.BatchSize <= 0)
        {
            throw new UsageException($"--batch-size must be positive, got {request.BatchSize}.");
        }

        if (request.RowsPerFile <= 0)
        {
            throw new UsageException($"--rows-per-file must be positive, got {request.RowsPerFile}.");
        }

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

    private static async Task WriteAllAsync(TelemetryGenerator generator, GenerateRequest request, PartFileSink sink, Action<long> progress, CancellationToken cancellationToken)
    {
        foreach (var batch in generator.Generate(request.Kind, request.Records, request.BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using (batch)
            {
                await sink.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                progress(batch.Length);
            }
        }
    }

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
