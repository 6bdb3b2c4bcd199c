using System.Text;

namespace Orasi.Connectors.Telemetry.Columns;

/// <summary>
/// A fixed attribute set encoded once as UTF-8 (keys and values concatenated), so appending it to a map column is
/// two block copies instead of one encode per entry. Used for resource attributes, which repeat on every row.
/// </summary>
internal sealed class EncodedAttributes
{
    /// <summary>Encodes the entries in order.</summary>
    public EncodedAttributes(IReadOnlyList<KeyValuePair<string, string>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Entries = entries;
        KeyLengths = new int[entries.Count];
        ValueLengths = new int[entries.Count];
        var keys = new List<byte>();
        var values = new List<byte>();
        for (int i = 0; i < entries.Count; i++)
        {
            byte[] k = Encoding.UTF8.GetBytes(entries[i].Key);
            byte[] v = Encoding.UTF8.GetBytes(entries[i].Value);
            KeyLengths[i] = k.Length;
            ValueLengths[i] = v.Length;
            keys.AddRange(k);
            values.AddRange(v);
        }

        KeysBlob = [.. keys];
        ValuesBlob = [.. values];
    }

    /// <summary>The entries as given.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Entries { get; }

    /// <summary>All keys' UTF-8 bytes, concatenated.</summary>
    public byte[] KeysBlob { get; }

    /// <summary>Byte length of each key.</summary>
    public int[] KeyLengths { get; }

    /// <summary>All values' UTF-8 bytes, concatenated.</summary>
    public byte[] ValuesBlob { get; }

    /// <summary>Byte length of each value.</summary>
    public int[] ValueLengths { get; }

    /// <summary>Returns the value of a key, or null.</summary>
    public string? Get(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key == key)
            {
                return entry.Value;
            }
        }

        return null;
    }
}
