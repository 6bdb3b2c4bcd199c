using System.Runtime.InteropServices;

namespace Orasi.Connectors.Kafka.Serialization;

/// <summary>
/// Per-thread cache of decoded OTLP-JSON resources keyed by their raw JSON bytes: every record of a resource repeats
/// the same bytes, so a hit costs a hash and a byte comparison instead of parsing and validating a dozen attributes.
/// </summary>
internal sealed class ResourceCache
{
    private const int MaxEntries = 4096;
    private const int MaxRawBytes = 64 * 1024;
    private const long MaxTotalBytes = 8L * 1024 * 1024;

    [ThreadStatic]
    private static ResourceCache? t_current;

    private readonly Dictionary<ulong, (byte[] Raw, Entry Entry)> _entries = [];
    private long _totalBytes;

    /// <summary>The calling thread's cache.</summary>
    public static ResourceCache Current => t_current ??= new ResourceCache();

    /// <summary>The decoded resource for these raw bytes, or null.</summary>
    public Entry? Find(ReadOnlySpan<byte> raw) =>
        _entries.TryGetValue(Hash(raw), out var hit) && raw.SequenceEqual(hit.Raw) ? hit.Entry : null;

    /// <summary>Remembers <paramref name="entry"/> as the decoding of <paramref name="raw"/> and returns it.</summary>
    public Entry Add(ReadOnlySpan<byte> raw, Entry entry)
    {
        if (raw.Length <= MaxRawBytes)
        {
            // Bounded memory: start over when the cache holds too many resources (high-cardinality resources).
            if (_entries.Count >= MaxEntries || _totalBytes + (2L * raw.Length) > MaxTotalBytes)
            {
                _entries.Clear();
                _totalBytes = 0;
            }

            _entries[Hash(raw)] = (raw.ToArray(), entry);
            _totalBytes += 2L * raw.Length;
        }

        return entry;
    }

    private static ulong Hash(ReadOnlySpan<byte> raw)
    {
        ulong h = 0x9E3779B97F4A7C15UL ^ (ulong)raw.Length;
        ReadOnlySpan<ulong> words = MemoryMarshal.Cast<byte, ulong>(raw);
        foreach (ulong w in words)
        {
            h = (h ^ w) * 0x100000001B3UL;
            h ^= h >> 29;
        }

        for (int i = words.Length * 8; i < raw.Length; i++)
        {
            h = (h ^ raw[i]) * 0x100000001B3UL;
        }

        return h;
    }

    /// <summary>One decoded resource: the <c>service.name</c> value and all attributes as concatenated UTF-8 blobs.</summary>
    internal sealed class Entry
    {
        /// <summary>A missing resource.</summary>
        public static readonly Entry Empty = new([], [], []);

        /// <summary>Creates an entry from the attributes in order.</summary>
        public Entry(byte[] service, List<byte[]> keys, List<byte[]> values)
        {
            Service = service;
            KeyLengths = [.. keys.Select(k => k.Length)];
            ValueLengths = [.. values.Select(v => v.Length)];
            KeysBlob = [.. keys.SelectMany(k => k)];
            ValuesBlob = [.. values.SelectMany(v => v)];
        }

        /// <summary>The last <c>service.name</c> attribute's value (empty when absent).</summary>
        public byte[] Service { get; }

        /// <summary>Keys, concatenated.</summary>
        public byte[] KeysBlob { get; }

        /// <summary>Key lengths.</summary>
        public int[] KeyLengths { get; }

        /// <summary>Values, concatenated.</summary>
        public byte[] ValuesBlob { get; }

        /// <summary>Value lengths.</summary>
        public int[] ValueLengths { get; }
    }
}
