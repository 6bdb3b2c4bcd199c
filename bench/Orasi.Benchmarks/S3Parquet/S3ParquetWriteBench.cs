using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Orasi.Connectors.Parquet;
using Orasi.Connectors.S3Parquet;
using Orasi.Connectors.Telemetry;
using Orasi.Connectors.Telemetry.Generation;

namespace Orasi.Benchmarks.S3Parquet;

/// <summary>
/// Whole-process benchmark (<c>dotnet run -c Release --project bench/Orasi.Benchmarks -- s3parquet [rows] [peak-rows]</c>):
/// writing N spans through the S3 Parquet connector to moto vs the baseline of writing the same batches to one
/// local Parquet file with ParquetSharp plus a raw AWSSDK TransferUtility upload of the bytes; then the peak working
/// set while a separate run streams M rows.
/// </summary>
internal static class S3ParquetWriteBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var peakRows = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 0;
        var port = FreePort();
        using var moto = Process.Start(new ProcessStartInfo("moto_server", $"-H 127.0.0.1 -p {port}") { RedirectStandardError = true, RedirectStandardOutput = true })!;
        try
        {
            var endpoint = $"http://127.0.0.1:{port}";
            using var client = new AmazonS3Client(new BasicAWSCredentials("testing", "testing"), new AmazonS3Config
            {
                ServiceURL = endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1", UseHttp = true,
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            });
            for (var i = 0; ; i++)
            {
                try { await client.PutBucketAsync("bench"); break; }
                catch (Exception) when (i < 100) { await Task.Delay(100); }
            }

            var options = new Func<string, S3ParquetOptions>(prefix => new S3ParquetOptions
            {
                Target = $"s3://bench/{prefix}", Endpoint = endpoint, Region = "us-east-1", AccessKeyId = "testing", SecretAccessKey = "testing",
                PathStyle = true, WriterId = "bench", MaxRowsPerFile = long.MaxValue, RowGroupSize = 131_072,
            });
            if (rows > 0)
            {
            var batches = new TelemetryGenerator(new TelemetryGeneratorOptions { Seed = 1 }).Generate(TelemetryKind.Traces, rows, 65_536).ToList();

            // Warm-up of both paths on a small slice.
            await ConnectorAsync(options("warm"), batches.Take(1));
            await BaselineAsync(client, "warm-base", batches.Take(1));

            var connectorTimes = new List<double>();
            var baselineTimes = new List<double>();
            for (var run = 0; run < 3; run++)
            {
                var sw = Stopwatch.StartNew();
                await ConnectorAsync(options($"c{run}"), batches);
                connectorTimes.Add(sw.Elapsed.TotalMilliseconds);
                sw.Restart();
                await BaselineAsync(client, $"b{run}", batches);
                baselineTimes.Add(sw.Elapsed.TotalMilliseconds);
            }

            var c = connectorTimes.Order().ElementAt(1);
            var b = baselineTimes.Order().ElementAt(1);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"s3parquet write {rows:N0} spans to moto (unpartitioned): connector {c:F0} ms, baseline local ParquetSharp + raw upload {b:F0} ms, ratio {c / b:F2} (median of 3)"));
            batches.ForEach(x => x.Dispose());
            batches.Clear();
            }

            if (peakRows > 0)
            {
                GC.Collect();
                var opts = options("peak");
                opts.TimePartitionColumn = TelemetryColumnNames.Timestamp;
                opts.MaxRowsPerFile = 2_000_000;
                var sw = Stopwatch.StartNew();
                await using var connector = new S3ParquetConnector(opts);
                foreach (var batch in new TelemetryGenerator(new TelemetryGeneratorOptions { Seed = 2 }).Generate(TelemetryKind.Traces, peakRows, 65_536))
                {
                    using (batch)
                    {
                        await connector.WriteBatchAsync(batch);
                    }
                }

                var flush = await connector.FlushDatasetAsync();
                using var self = Process.GetCurrentProcess();
                self.Refresh();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"s3parquet streamed {peakRows:N0} spans ({flush.SizeBytes / 1048576.0:F0} MiB in {flush.Files.Count} files) in {sw.Elapsed.TotalSeconds:F1} s; process peak working set {self.PeakWorkingSet64 / 1048576.0:F0} MiB"));
            }

            return 0;
        }
        finally
        {
            moto.Kill();
        }
    }

    private static async Task ConnectorAsync(S3ParquetOptions options, IEnumerable<Apache.Arrow.RecordBatch> batches)
    {
        await using var connector = new S3ParquetConnector(options);
        foreach (var batch in batches)
        {
            await connector.WriteBatchAsync(batch);
        }

        await connector.FlushAsync();
    }

    private static async Task BaselineAsync(AmazonS3Client client, string key, IEnumerable<Apache.Arrow.RecordBatch> batches)
    {
        var path = Path.Combine(Path.GetTempPath(), $"orasi-bench-{Guid.NewGuid():N}.parquet");
        try
        {
            var list = batches.ToList();
            await using (var writer = ParquetBatchWriter.Create(path, list[0].Schema, new ParquetWriteOptions { RowGroupSize = 131_072 }))
            {
                foreach (var batch in list)
                {
                    await writer.WriteBatchAsync(batch);
                }

                await writer.CompleteAsync();
            }

            using var transfer = new Amazon.S3.Transfer.TransferUtility(client);
            await transfer.UploadAsync(path, "bench", key + ".parquet");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
