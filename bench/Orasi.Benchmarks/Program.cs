using BenchmarkDotNet.Running;

// Run all:   dotnet run -c Release --project bench/Orasi.Benchmarks -- --filter '*'
// Run one:   dotnet run -c Release --project bench/Orasi.Benchmarks -- --filter '*ParquetWrite*'
// Whole-process benches: dotnet run -c Release --project bench/Orasi.Benchmarks -- s3parquet [rows] [peakRows]
//                        dotnet run -c Release --project bench/Orasi.Benchmarks -- kafka [spans] [reps]   (connector vs raw producer,
//                        alternating, medians; in-process mock cluster, or the cluster in $KAFKA_BOOTSTRAP_SERVERS)
//                        dotnet run -c Release --project bench/Orasi.Benchmarks -- kafka consume [spans] [reps]   (into Arrow batches)
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
    bool consume = args.Length > 1 && args[1] == "consume";
    string[] rest = consume ? args[2..] : args[1..];
    long spans = rest.Length > 0 ? long.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture) : consume ? 50_000 : 1_000_000;
    int reps = rest.Length > 1 ? int.Parse(rest[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
    using var cluster = Orasi.Testing.Kafka.KafkaMockClusterFixture.ExternalBootstrapServers is null ? new Orasi.Testing.Kafka.MockKafkaCluster(3) : null;
    var bootstrap = cluster?.BootstrapServers ?? Orasi.Testing.Kafka.KafkaMockClusterFixture.ExternalBootstrapServers!;
    Func<string, string> newTopic = prefix => cluster?.CreateUniqueTopic(prefix) ?? prefix + "-" + Guid.NewGuid().ToString("N");
    return consume
        ? await Orasi.Benchmarks.Kafka.KafkaThroughputBench.ConsumeAsync(bootstrap, newTopic, spans, reps, Console.WriteLine)
        : await Orasi.Benchmarks.Kafka.KafkaThroughputBench.ProduceAsync(bootstrap, newTopic, spans, reps, Console.WriteLine);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

/// <summary>Entry point of the benchmark suites.</summary>
public partial class Program;
