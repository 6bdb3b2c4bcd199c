namespace Orasi.Testing;

/// <summary>
/// Locates the read-only conformance corpora: <c>$ORASI_CORPORA</c>, else <c>../shared/corpora</c> beside the repository
/// root (found by walking up to <c>Orasi.Connectors.slnx</c>). Fails with a message saying how to point at them.
/// </summary>
public static class Corpora
{
    /// <summary>The corpora folder (holding delta/, iceberg/, hudi/, parquet/).</summary>
    public static string Root
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("ORASI_CORPORA");
            if (!string.IsNullOrEmpty(fromEnv))
            {
                return Directory.Exists(fromEnv) ? fromEnv : throw new InvalidOperationException($"ORASI_CORPORA points to '{fromEnv}', which does not exist.");
            }

            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Orasi.Connectors.slnx")))
            {
                dir = dir.Parent;
            }

            if (dir is null)
            {
                throw new InvalidOperationException("Could not find the repository root (Orasi.Connectors.slnx) above " + AppContext.BaseDirectory + "; set ORASI_CORPORA.");
            }

            var path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "corpora"));
            return Directory.Exists(path)
                ? path
                : throw new InvalidOperationException($"The test corpora are missing at '{path}'; set ORASI_CORPORA to the corpora folder (a copy of shared/corpora).");
        }
    }

    /// <summary>The Delta kernel golden tables (with expected results).</summary>
    public static string DeltaKernelGolden => Path.Combine(Root, "delta", "kernel-golden");

    /// <summary>The Delta table of a kernel golden test case.</summary>
    public static string DeltaGoldenTable(string name) => Path.Combine(DeltaKernelGolden, name, "delta");
}
