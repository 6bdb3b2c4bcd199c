using System.Runtime.InteropServices;
using Apache.Arrow;

namespace Orasi.Connectors.Kafka.Serialization;

/// <summary>
/// Per-thread cache of the encoded OTLP-JSON group prefix (resource attributes, scope name and version) keyed by the
/// raw column bytes it was encoded from. Telemetry repeats a few resources over and over, so most rows copy one cached
/// prefix after a byte comparison instead of escaping a dozen attributes again. Entries are verified byte for byte, so
/// a fingerprint collision only costs a miss.
/// </summary>
internal sealed class ScopePrefixCache
{
    private const int MaxEntries = 1024;
    private const int MaxKeyBytes = 16 * 1024;

    [ThreadStatic]
    private static ScopePrefixCache? t_current;

    private readonly Dictionary<long, Entry> _entries = [];

    /// <summary>The calling thread's cache.</summary>
    public static ScopePrefixCache Current => t_current ??= new ScopePrefixCache();

    /// <summary>The cached prefix for these source bytes, or null.</summary>
    public byte[]? Find(in ScopeKey key)
    {
        if (key.Size > MaxKeyBytes || !_entries.TryGetValue(key.Fingerprint(), out Entry? entry))
        {
            return null;
        }

        return entry.Matches(key) ? entry.Prefix : null;
    }

    /// <summary>Remembers <paramref name="prefix"/> as the encoding of <paramref name="key"/>.</summary>
    public void Add(in ScopeKey key, byte[] prefix)
    {
        if (key.Size > MaxKeyBytes)
        {
            return;
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[key.Fingerprint()] = new Entry(key, prefix);
    }

    private sealed class Entry
    {
        private readonly byte[] _service;
        private readonly byte[] _scopeName;
        private readonly byte[] _scopeVersion;
        private readonly byte[] _keys;
        private readonly byte[] _values;
        private readonly int[] _keyLengths;
        private readonly int[] _valueLengths;

        public Entry(in ScopeKey key, byte[] prefix)
        {
            _service = key.Service.ToArray();
            _scopeName = key.ScopeName.ToArray();
            _scopeVersion = key.ScopeVersion.ToArray();
            _keys = key.KeyBytes.ToArray();
            _values = key.ValueBytes.ToArray();
            _keyLengths = Lengths(key.KeyOffsets);
            _valueLengths = Lengths(key.ValueOffsets);
            Prefix = prefix;
        }

        public byte[] Prefix { get; }

        public bool Matches(in ScopeKey key) =>
            key.KeyBytes.SequenceEqual(_keys) && key.ValueBytes.SequenceEqual(_values)
            && key.Service.SequenceEqual(_service) && key.ScopeName.SequenceEqual(_scopeName) && key.ScopeVersion.SequenceEqual(_scopeVersion)
            && SameLengths(key.KeyOffsets, _keyLengths) && SameLengths(key.ValueOffsets, _valueLengths);

        private static int[] Lengths(ReadOnlySpan<int> offsets)
        {
            var lengths = new int[Math.Max(0, offsets.Length - 1)];
            for (int i = 0; i < lengths.Length; i++)
            {
                lengths[i] = offsets[i + 1] - offsets[i];
            }

            return lengths;
        }

        private static bool SameLengths(ReadOnlySpan<int> offsets, int[] lengths)
        {
            if (Math.Max(0, offsets.Length - 1) != lengths.Length)
            {
                return false;
            }

            for (int i = 0; i < lengths.Length; i++)
            {
                if (offsets[i + 1] - offsets[i] != lengths[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}

/// <summary>The source bytes a group prefix is encoded from: service name, scope name/version and the resource map's entries.</summary>
internal readonly ref struct ScopeKey
{
    public ScopeKey(ReadOnlySpan<byte> service, ReadOnlySpan<byte> scopeName, ReadOnlySpan<byte> scopeVersion, StringArray keys, StringArray values, int first, int length)
    {
        Service = service;
        ScopeName = scopeName;
        ScopeVersion = scopeVersion;
        if (length == 0)
        {
            KeyOffsets = default;
            ValueOffsets = default;
            KeyBytes = default;
            ValueBytes = default;
            return;
        }

        KeyOffsets = keys.ValueOffsets.Slice(first, length + 1);
        ValueOffsets = values.ValueOffsets.Slice(first, length + 1);
        KeyBytes = keys.Values.Slice(KeyOffsets[0], KeyOffsets[length] - KeyOffsets[0]);
        ValueBytes = values.Values.Slice(ValueOffsets[0], ValueOffsets[length] - ValueOffsets[0]);
    }

    public ReadOnlySpan<byte> Service { get; }

    public ReadOnlySpan<byte> ScopeName { get; }

    public ReadOnlySpan<byte> ScopeVersion { get; }

    /// <summary>Offsets of the map's keys (length + 1 of them; absolute, only differences matter).</summary>
    public ReadOnlySpan<int> KeyOffsets { get; }

    public ReadOnlySpan<int> ValueOffsets { get; }

    public ReadOnlySpan<byte> KeyBytes { get; }

    public ReadOnlySpan<byte> ValueBytes { get; }

    public int Size => Service.Length + ScopeName.Length + ScopeVersion.Length + KeyBytes.Length + ValueBytes.Length;

    /// <summary>A cheap fingerprint: lengths and a few sampled bytes (entries are verified in full anyway).</summary>
    public long Fingerprint()
    {
        var hash = new HashCode();
        hash.Add(Service.Length);
        hash.Add(KeyBytes.Length);
        hash.Add(ValueBytes.Length);
        hash.Add(KeyOffsets.Length);
        hash.Add(ScopeName.Length);
        hash.Add(ScopeVersion.Length);
        hash.AddBytes(Service);
        hash.AddBytes(Tail(ValueBytes, 64));
        hash.AddBytes(Tail(ScopeName, 16));
        hash.AddBytes(Tail(ScopeVersion, 16));
        return ((long)hash.ToHashCode() << 32) ^ (uint)(ValueBytes.Length > 0 ? MemoryMarshal.Read<byte>(ValueBytes) : 0);
    }

    private static ReadOnlySpan<byte> Tail(ReadOnlySpan<byte> bytes, int count) => bytes.Length <= count ? bytes : bytes[^count..];
}
