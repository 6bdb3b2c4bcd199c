using System.Buffers.Binary;

namespace Orasi.Connectors.Iceberg.Scan;

/// <summary>
/// A set of 64-bit row positions read from the Roaring "portable" 64-bit serialization: a count of 32-bit bitmaps,
/// then for each a 32-bit key (the high half of the positions) and a standard 32-bit Roaring bitmap.
/// </summary>
internal sealed class RoaringPositionBitmap
{
    private const int SerialCookieNoRuns = 12346;
    private const int SerialCookie = 12347;

    private readonly SortedDictionary<uint, Dictionary<ushort, Container>> _bitmaps = new();

    public long Cardinality { get; private set; }

    public bool Contains(long position)
    {
        if (position < 0)
        {
            return false;
        }

        var key = (uint)(position >> 32);
        if (!_bitmaps.TryGetValue(key, out var containers))
        {
            return false;
        }

        var low = (uint)position;
        return containers.TryGetValue((ushort)(low >> 16), out var c) && c.Contains((ushort)low);
    }

    public IEnumerable<long> Positions()
    {
        foreach (var (key, containers) in _bitmaps)
        {
            foreach (var (high, c) in containers.OrderBy(p => p.Key))
            {
                foreach (var low in c.Values())
                {
                    yield return ((long)key << 32) | ((long)high << 16) | low;
                }
            }
        }
    }

    /// <summary>Parses the portable 64-bit format.</summary>
    /// <exception cref="CorruptDataException">The bytes are not a valid bitmap.</exception>
    public static RoaringPositionBitmap Deserialize(ReadOnlySpan<byte> data, string source)
    {
        var result = new RoaringPositionBitmap();
        try
        {
            var count = BinaryPrimitives.ReadInt64LittleEndian(data);
            var pos = 8;
            if (count < 0 || count > int.MaxValue)
            {
                throw new FormatException($"bitmap count {count} is invalid");
            }

            long? lastKey = null;
            for (long i = 0; i < count; i++)
            {
                var key = BinaryPrimitives.ReadUInt32LittleEndian(data[pos..]);
                pos += 4;
                if (lastKey is { } lk && key <= lk)
                {
                    throw new FormatException("bitmap keys are not in ascending order");
                }

                lastKey = key;
                if (key > int.MaxValue)
                {
                    throw new FormatException($"key {key} gives positions above 2^63 - 1, which deletion vectors do not allow");
                }

                var containers = new Dictionary<ushort, Container>();
                pos += Read32(data[pos..], containers, ref result);
                result._bitmaps[key] = containers;
            }
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or IndexOutOfRangeException or FormatException)
        {
            throw new CorruptDataException($"Deletion vector in '{source}' is not a valid Roaring bitmap ({ex.Message}); the delete file is corrupt.", ex);
        }

        return result;
    }

    private static int Read32(ReadOnlySpan<byte> data, Dictionary<ushort, Container> containers, ref RoaringPositionBitmap owner)
    {
        var cookie = BinaryPrimitives.ReadUInt32LittleEndian(data);
        var pos = 4;
        int n;
        byte[]? runFlags = null;
        if ((cookie & 0xFFFF) == SerialCookie)
        {
            n = (int)(cookie >> 16) + 1;
            runFlags = data.Slice(pos, (n + 7) / 8).ToArray();
            pos += (n + 7) / 8;
        }
        else if (cookie == SerialCookieNoRuns)
        {
            n = BinaryPrimitives.ReadInt32LittleEndian(data[pos..]);
            pos += 4;
        }
        else
        {
            throw new FormatException($"unknown Roaring cookie {cookie}");
        }

        var keys = new ushort[n];
        var cards = new int[n];
        for (var i = 0; i < n; i++)
        {
            keys[i] = BinaryPrimitives.ReadUInt16LittleEndian(data[pos..]);
            cards[i] = BinaryPrimitives.ReadUInt16LittleEndian(data[(pos + 2)..]) + 1;
            pos += 4;
        }

        if (runFlags is null || n >= 4)
        {
            pos += 4 * n; // offset header
        }

        for (var i = 0; i < n; i++)
        {
            var isRun = runFlags is not null && (runFlags[i / 8] & (1 << (i % 8))) != 0;
            Container c;
            if (isRun)
            {
                var runs = BinaryPrimitives.ReadUInt16LittleEndian(data[pos..]);
                pos += 2;
                var pairs = new (ushort Start, ushort Length)[runs];
                for (var r = 0; r < runs; r++)
                {
                    pairs[r] = (BinaryPrimitives.ReadUInt16LittleEndian(data[pos..]), BinaryPrimitives.ReadUInt16LittleEndian(data[(pos + 2)..]));
                    pos += 4;
                }

                c = Container.Run(pairs);
            }
            else if (cards[i] <= 4096)
            {
                var values = new ushort[cards[i]];
                for (var v = 0; v < values.Length; v++)
                {
                    values[v] = BinaryPrimitives.ReadUInt16LittleEndian(data[(pos + (2 * v))..]);
                }

                pos += 2 * values.Length;
                c = Container.Array(values);
            }
            else
            {
                var words = new ulong[1024];
                for (var w = 0; w < 1024; w++)
                {
                    words[w] = BinaryPrimitives.ReadUInt64LittleEndian(data[(pos + (8 * w))..]);
                }

                pos += 8192;
                c = Container.Bitmap(words);
            }

            containers[keys[i]] = c;
            owner.Cardinality += c.Count;
        }

        return pos;
    }

    private sealed class Container
    {
        private ushort[]? _array;
        private ulong[]? _bitmap;
        private (ushort Start, ushort Length)[]? _runs;

        public long Count { get; private set; }

        public static Container Array(ushort[] values) => new() { _array = values, Count = values.Length };

        public static Container Bitmap(ulong[] words) => new() { _bitmap = words, Count = words.Sum(w => (long)ulong.PopCount(w)) };

        public static Container Run((ushort Start, ushort Length)[] runs) => new() { _runs = runs, Count = runs.Sum(r => (long)r.Length + 1) };

        public bool Contains(ushort v)
        {
            if (_array is not null)
            {
                return System.Array.BinarySearch(_array, v) >= 0;
            }

            if (_bitmap is not null)
            {
                return (_bitmap[v >> 6] & (1UL << (v & 63))) != 0;
            }

            foreach (var (start, length) in _runs!)
            {
                if (v >= start && v <= start + length)
                {
                    return true;
                }
            }

            return false;
        }

        public IEnumerable<ushort> Values()
        {
            if (_array is not null)
            {
                foreach (var v in _array) yield return v;
            }
            else if (_bitmap is not null)
            {
                for (var i = 0; i < 65536; i++)
                {
                    if ((_bitmap[i >> 6] & (1UL << (i & 63))) != 0) yield return (ushort)i;
                }
            }
            else
            {
                foreach (var (start, length) in _runs!)
                {
                    for (var v = (int)start; v <= start + length; v++) yield return (ushort)v;
                }
            }
        }
    }
}
