namespace Orasi.Connectors.Tests.Configuration;

/// <summary>A TOML file in a fresh temp directory, deleted on dispose.</summary>
public sealed class TempConfigFile : IDisposable
{
    private readonly string directory;

    public TempConfigFile(string text, string name = "orasi.toml")
    {
        directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "orasi-config-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        Path = System.IO.Path.Combine(directory, name);
        File.WriteAllText(Path, text);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
