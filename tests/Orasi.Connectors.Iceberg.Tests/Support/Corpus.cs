using Orasi.Testing;

namespace Orasi.Connectors.Iceberg.Tests.Support;

/// <summary>The Iceberg parts of the shared corpora (located by <see cref="Corpora.Root"/>).</summary>
internal static class Corpus
{
    public static string Root => Corpora.Root;

    /// <summary>The duckdb-iceberg copy; relative paths in its metadata resolve against this folder.</summary>
    public static string DuckDbIceberg => Path.Combine(Root, "iceberg", "duckdb-iceberg");

    public static string Persistent(string relative) => Path.Combine(DuckDbIceberg, "data", "persistent", relative);

    public static string Fixtures => Path.Combine(Root, "iceberg", "fixtures");
}
