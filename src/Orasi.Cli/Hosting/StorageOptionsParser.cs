namespace Orasi.Cli.Hosting;

/// <summary>Turns repeated <c>--storage-option key=value</c> arguments into a storage-options dictionary.</summary>
internal static class StorageOptionsParser
{
    public static IReadOnlyDictionary<string, string> Parse(IEnumerable<string>? pairs)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in pairs ?? [])
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new UsageException($"--storage-option expects key=value, got '{pair.Split('=')[0]}…'.");
            }

            options[pair[..eq].Trim()] = pair[(eq + 1)..];
        }

        return options;
    }
}
