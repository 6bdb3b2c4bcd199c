using System.Diagnostics;
using System.Text;

namespace Orasi.Connectors.Iceberg.Tests.Process;

/// <summary>Locates and starts the child programs of the multi-process tests (built first through project references).</summary>
internal static class ChildProcesses
{
    private static readonly Lazy<(string Root, string Configuration)> Layout = new(() =>
    {
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = baseDir.Parent!.Name; // …/bin/<Configuration>/net10.0
        for (var dir = baseDir; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orasi.Connectors.slnx")))
            {
                return (dir.FullName, configuration);
            }
        }

        throw new InvalidOperationException($"Cannot find the repository root above {baseDir.FullName}.");
    });

    /// <summary>The test writer (appends tagged rows through the Iceberg connector and a SQLite catalog).</summary>
    public static string TestWriterDll => Require(Path.Combine(Layout.Value.Root, "tests", "Orasi.Connectors.Iceberg.TestWriter", "bin", Layout.Value.Configuration, "net10.0", "Orasi.Connectors.Iceberg.TestWriter.dll"));

    private static string Require(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"The child program {path} is not built; build the solution (dotnet build) before the tests.", path);

    /// <summary>Starts <c>dotnet DLL args…</c> with output captured.</summary>
    public static Child Start(string dll, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_TieredPGO"] = "0";
        var process = System.Diagnostics.Process.Start(info)!;
        var child = new Child(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (child.Output) { child.Output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (child.Output) { child.Output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    internal sealed class Child(System.Diagnostics.Process process) : IDisposable
    {
        public System.Diagnostics.Process Process { get; } = process;

        public StringBuilder Output { get; } = new();

        public async Task<int> WaitAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await Process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                Process.Kill(entireProcessTree: true);
                throw new TimeoutException($"Child process {Process.Id} did not finish within {timeout}: {Output}");
            }

            Process.WaitForExit(); // drain redirected output
            return Process.ExitCode;
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }

            Process.Dispose();
        }
    }
}
