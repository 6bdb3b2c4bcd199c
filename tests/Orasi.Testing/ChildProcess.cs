using System.Diagnostics;
using System.Text;

namespace Orasi.Testing;

/// <summary>
/// A child program of a multi-process test (<c>dotnet some.dll args…</c>) with its output captured; the programs are
/// found in the repository's build output for the configuration the tests were built with.
/// </summary>
public sealed class ChildProcess : IDisposable
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

    private ChildProcess(Process process) => Process = process;

    /// <summary>The running process.</summary>
    public Process Process { get; }

    /// <summary>Everything the child wrote to stdout and stderr so far (lock it to read).</summary>
    public StringBuilder Output { get; } = new();

    /// <summary>The built assembly of a project in the repository, e.g. <c>("src/Orasi.Cli", "orasi")</c>.</summary>
    public static string BuiltAssembly(string projectDirectory, string assemblyName)
    {
        var path = Path.Combine(Layout.Value.Root, projectDirectory, "bin", Layout.Value.Configuration, "net10.0", assemblyName + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"The child program {path} is not built; build the solution (dotnet build) before the tests.", path);
    }

    /// <summary>Starts <c>dotnet DLL args…</c> with output captured.</summary>
    public static ChildProcess Start(string dll, params string[] args)
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
        var child = new ChildProcess(Process.Start(info)!);
        child.Process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (child.Output) { child.Output.AppendLine(e.Data); } } };
        child.Process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (child.Output) { child.Output.AppendLine(e.Data); } } };
        child.Process.BeginOutputReadLine();
        child.Process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for the exit code; kills the process tree and throws after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await Process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Child process {Process.Id} did not finish within {timeout}: {Output}");
        }

        Process.WaitForExit(); // drain redirected output
        return Process.ExitCode;
    }

    /// <summary>Kills the process tree if it still runs.</summary>
    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.Dispose();
    }
}
