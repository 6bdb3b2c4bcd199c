namespace Orasi.Connectors.Iceberg.Tests.Support;

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

    /// <summary>The duckdb-iceberg copy; relative paths in its metadata resolve against this folder.</summary>
    public static string DuckDbIceberg => Path.Combine(Root, "iceberg", "duckdb-iceberg");

    public static string Persistent(string relative) => Path.Combine(DuckDbIceberg, "data", "persistent", relative);

    public static string Fixtures => Path.Combine(Root, "iceberg", "fixtures");
}
