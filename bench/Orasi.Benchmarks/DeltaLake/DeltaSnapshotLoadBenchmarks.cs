using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Orasi.Connectors.DeltaLake;

namespace Orasi.Benchmarks.DeltaLake;

/// <summary>
/// Loading the latest snapshot of the delta-kernel test table with 300k add files over 100 partitioned columns (five
/// JSON commits, ~45 MB of log): <see cref="DeltaTable.OpenAsync(string, IReadOnlyDictionary{string, string}?, CancellationToken)"/>
/// plus <see cref="DeltaTable.GetSnapshotAsync"/>. The archive is unpacked with <c>tar --zstd</c> in the global setup.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class DeltaSnapshotLoadBenchmarks
{
    /// <summary>The compressed corpus table.</summary>
    public const string Archive = "/work/shared/corpora/delta/kernel-testdata/_compressed/300k-add-files-100-col-partitioned.tar.zst";

    private string _directory = "";
    private string _table = "";

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("orasi-bench-delta-snapshot").FullName;
        var tar = new ProcessStartInfo("tar") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var arg in new[] { "--zstd", "-xf", Archive, "-C", _directory })
        {
            tar.ArgumentList.Add(arg);
        }

        using var process = Process.Start(tar)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tar --zstd failed to unpack {Archive}: {error}");
        }

        _table = Path.Combine(_directory, "300k-add-files-100-col-partitioned");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Description = "OpenAsync + GetSnapshotAsync (300k adds)")]
    public async Task<int> LoadSnapshot()
    {
        await using var table = await DeltaTable.OpenAsync(_table);
        var snapshot = await table.GetSnapshotAsync();
        return snapshot.FileCount;
    }
}
