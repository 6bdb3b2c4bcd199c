using Orasi.Testing;

namespace Orasi.Connectors.DeltaLake.Tests.Process;

/// <summary>The child programs of the multi-process tests (built first through project references).</summary>
internal static class ChildProcesses
{
    /// <summary>The <c>orasi</c> CLI built next to this test.</summary>
    public static string OrasiDll => ChildProcess.BuiltAssembly(Path.Combine("src", "Orasi.Cli"), "orasi");

    /// <summary>The test writer (appends tagged rows through the connector).</summary>
    public static string TestWriterDll => ChildProcess.BuiltAssembly(Path.Combine("tests", "Orasi.Connectors.DeltaLake.TestWriter"), "Orasi.Connectors.DeltaLake.TestWriter");

    /// <summary>Starts <c>dotnet DLL args…</c> with output captured.</summary>
    public static ChildProcess Start(string dll, params string[] args) => ChildProcess.Start(dll, args);
}
