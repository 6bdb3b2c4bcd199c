namespace Orasi.Connectors.DeltaLake.Tests.Support;

/// <summary>The Delta parts of the shared corpora (located by <see cref="Orasi.Testing.Corpora"/>).</summary>
internal static class Corpus
{
    public static string Root => Orasi.Testing.Corpora.Root;

    public static string KernelGolden => Path.Combine(Root, "delta", "kernel-golden");

    public static string Table(string name) => Path.Combine(KernelGolden, name, "delta");

    public static IEnumerable<string> KernelGoldenTablesWithExpected() =>
        Directory.EnumerateDirectories(KernelGolden)
            .Where(d => Directory.Exists(Path.Combine(d, "expected")) && Directory.Exists(Path.Combine(d, "delta", "_delta_log")))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal);
}
