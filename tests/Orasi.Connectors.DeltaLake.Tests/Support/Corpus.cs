namespace Orasi.Connectors.DeltaLake.Tests.Support;

/// <summary>Locates the read-only shared corpora: ORASI_CORPORA, else ../shared/corpora next to the repo root (found by walking up to Orasi.Connectors.slnx).</summary>
internal static class Corpus
{
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
                : throw new InvalidOperationException($"The test corpora are missing at '{path}'; set ORASI_CORPORA to the corpora folder.");
        }
    }

    public static string KernelGolden => Path.Combine(Root, "delta", "kernel-golden");

    public static string Table(string name) => Path.Combine(KernelGolden, name, "delta");

    public static IEnumerable<string> KernelGoldenTablesWithExpected() =>
        Directory.EnumerateDirectories(KernelGolden)
            .Where(d => Directory.Exists(Path.Combine(d, "expected")) && Directory.Exists(Path.Combine(d, "delta", "_delta_log")))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal);
}
