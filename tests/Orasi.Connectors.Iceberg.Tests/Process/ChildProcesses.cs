using Orasi.Testing;

namespace Orasi.Connectors.Iceberg.Tests.Process;

/// <summary>The child programs of the multi-process tests (built first through project references).</summary>
internal static class ChildProcesses
{
    /// <summary>The test writer (appends tagged rows through the Iceberg connector and a SQLite catalog).</summary>
    public static string TestWriterDll => ChildProcess.BuiltAssembly(Path.Combine("tests", "Orasi.Connectors.Iceberg.TestWriter"), "Orasi.Connectors.Iceberg.TestWriter");

    /// <summary>Starts <c>dotnet DLL args…</c> with output captured.</summary>
    public static ChildProcess Start(string dll, params string[] args) => ChildProcess.Start(dll, args);
}
