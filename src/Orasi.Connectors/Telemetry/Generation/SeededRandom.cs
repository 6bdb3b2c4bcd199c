using System.Runtime.CompilerServices;

namespace Orasi.Connectors.Telemetry.Generation;

/// <summary>
/// xoshiro256** seeded through SplitMix64: a small, fast generator whose output is fixed by its algorithm (unlike
/// <see cref="Random"/>, whose seeded sequence is an implementation detail), so generated data is byte-identical
/// across runtimes and machines.
/// </summary>
internal sealed class SeededRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>Creates a generator from a seed and a stream number (different streams are independent).</summary>
    public SeededRandom(long seed, ulong stream = 0)
    {
        ulong x = unchecked((ulong)seed ^ (stream * 0xD1B54A32D192ED03UL));
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Next(int maxExclusive) => (int)((NextUInt64() >> 32) * (ulong)maxExclusive >> 32);

    /// <summary>A uniform integer in [<paramref name="min"/>, <paramref name="maxExclusive"/>).</summary>
    public int Next(int min, int maxExclusive) => min + Next(maxExclusive - min);

    /// <summary>A uniform double in [0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>True with probability <paramref name="p"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Chance(double p) => NextDouble() < p;

    /// <summary>An exponentially distributed value with the given mean.</summary>
    public double Exponential(double mean) => -Math.Log(1.0 - NextDouble()) * mean;

    /// <summary>A standard normal value (Box–Muller).</summary>
    public double Gaussian()
    {
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A log-normally distributed value with the given median and log-space sigma.</summary>
    public double LogNormal(double median, double sigma) => median * Math.Exp(sigma * Gaussian());

    /// <summary>A non-zero 64-bit id.</summary>
    public ulong NextId()
    {
        ulong id = NextUInt64();
        return id == 0 ? 1 : id;
    }

    /// <summary>Picks an item.</summary>
    public T Pick<T>(T[] items) => items[Next(items.Length)];
}
