using BenchmarkDotNet.Running;

// Run all:   dotnet run -c Release --project bench/Orasi.Benchmarks -- --filter '*'
// Run one:   dotnet run -c Release --project bench/Orasi.Benchmarks -- --filter '*ParquetWrite*'
// Whole-process benches: dotnet run -c Release --project bench/Orasi.Benchmarks -- s3parquet [rows] [peakRows]
//                        dotnet run -c Release --project bench/Orasi.Benchmarks -- kafka [spans]   (in-process mock cluster,
//                        or the cluster in $KAFKA_BOOTSTRAP_SERVERS)
//                        dotnet run -c Release --project bench/Orasi.Benchmarks -- iceberg [spans] [snapshots]
if (args is ["s3parquet", ..])
{
    return await Orasi.Benchmarks.S3Parquet.S3ParquetWriteBench.RunAsync(args[1..]);
}

if (args is ["iceberg", ..])
{
    return await Orasi.Benchmarks.Iceberg.IcebergAppendBench.RunAsync(args[1..]);
}

if (args is ["kafka", ..])
{
    var spans = args.Length > 1 ? long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
    using var cluster = Orasi.Testing.Kafka.KafkaMockClusterFixture.ExternalBootstrapServers is null ? new Orasi.Testing.Kafka.MockKafkaCluster(3) : null;
    var bootstrap = cluster?.BootstrapServers ?? Orasi.Testing.Kafka.KafkaMockClusterFixture.ExternalBootstrapServers!;
    var connectorTopic = cluster?.CreateUniqueTopic("bench-connector") ?? "bench-connector-" + Guid.NewGuid().ToString("N");
    var rawTopic = cluster?.CreateUniqueTopic("bench-raw") ?? "bench-raw-" + Guid.NewGuid().ToString("N");
    var figures = await Orasi.Benchmarks.Kafka.KafkaThroughputBench.RunAsync(bootstrap, connectorTopic, rawTopic, spans, log: Console.WriteLine);
    Console.WriteLine(figures);
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

/// <summary>Entry point of the benchmark suites.</summary>
public partial class Program;
