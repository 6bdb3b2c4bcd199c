using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Formatting;

/// <summary>
/// Allocation-free UTF-8 formatting of Arrow temporal and decimal values, shared by the JSON Lines and CSV writers:
/// dates <c>YYYY-MM-DD</c>, times <c>HH:MM:SS.ffffff</c>, timestamps <c>YYYY-MM-DDTHH:MM:SS.ffffff[Z]</c> (always six
/// fractional digits, finer units truncated toward the past), decimals with exactly <c>scale</c> fractional digits.
/// </summary>
internal static class ArrowTextFormat
{
    public const long MicrosPerDay = 86_400_000_000L;
    public const int MaxDateLength = 16;
    public const int MaxTimestampLength = 40;

    public static long FloorDiv(long a, long b)
    {
        long q = a / b;
        return (a % b != 0 && ((a < 0) ^ (b < 0))) ? q - 1 : q;
    }

    /// <summary>Converts a value in <paramref name="unit"/> to microseconds, flooring nanoseconds.</summary>
    public static long ToMicros(long value, TimeUnit unit) => unit switch
    {
        TimeUnit.Second => value * 1_000_000L,
        TimeUnit.Millisecond => value * 1_000L,
        TimeUnit.Microsecond => value,
        TimeUnit.Nanosecond => FloorDiv(value, 1_000L),
        _ => throw new ArgumentOutOfRangeException(nameof(unit)),
    };

    /// <summary>Writes the proleptic Gregorian date of <paramref name="daysSinceEpoch"/>; returns bytes written.</summary>
    public static int FormatDate(long daysSinceEpoch, Span<byte> destination)
    {
        // Civil-from-days (H. Hinnant's public-domain algorithm).
        long z = daysSinceEpoch + 719_468;
        long era = (z >= 0 ? z : z - 146_096) / 146_097;
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        long year = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long day = doy - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        if (month <= 2)
        {
            year++;
        }

        int pos = 0;
        if (year < 0)
        {
            destination[pos++] = (byte)'-';
            year = -year;
        }

        if (year <= 9999)
        {
            pos += WriteDigits(year, 4, destination[pos..]);
        }
        else
        {
            year.TryFormat(destination[pos..], out int n, default, CultureInfo.InvariantCulture);
            pos += n;
        }

        destination[pos++] = (byte)'-';
        pos += WriteDigits(month, 2, destination[pos..]);
        destination[pos++] = (byte)'-';
        pos += WriteDigits(day, 2, destination[pos..]);
        return pos;
    }

    /// <summary>Writes <c>HH:MM:SS.ffffff</c> for microseconds since midnight; returns bytes written.</summary>
    public static int FormatTimeOfDay(long micros, Span<byte> destination)
    {
        long hours = micros / 3_600_000_000L;
        long rest = micros - hours * 3_600_000_000L;
        long minutes = rest / 60_000_000L;
        rest -= minutes * 60_000_000L;
        long seconds = rest / 1_000_000L;
        long fraction = rest - seconds * 1_000_000L;
        int pos = hours > 99
            ? (hours.TryFormat(destination, out int n, default, CultureInfo.InvariantCulture) ? n : 0)
            : WriteDigits(hours, 2, destination);
        destination[pos++] = (byte)':';
        pos += WriteDigits(minutes, 2, destination[pos..]);
        destination[pos++] = (byte)':';
        pos += WriteDigits(seconds, 2, destination[pos..]);
        destination[pos++] = (byte)'.';
        pos += WriteDigits(fraction, 6, destination[pos..]);
        return pos;
    }

    /// <summary>Writes a timestamp given in microseconds since the epoch; returns bytes written.</summary>
    public static int FormatTimestamp(long micros, bool utc, Span<byte> destination)
    {
        long days = FloorDiv(micros, MicrosPerDay);
        long ofDay = micros - days * MicrosPerDay;
        int pos = FormatDate(days, destination);
        destination[pos++] = (byte)'T';
        pos += FormatTimeOfDay(ofDay, destination[pos..]);
        if (utc)
        {
            destination[pos++] = (byte)'Z';
        }

        return pos;
    }

    /// <summary>
    /// Writes a decimal stored as a little-endian two's-complement integer of 4, 8, 16 or 32 bytes with exactly
    /// <paramref name="scale"/> fractional digits; returns bytes written, or -1 when <paramref name="destination"/> is too small.
    /// </summary>
    public static int FormatDecimal(ReadOnlySpan<byte> unscaledLittleEndian, int scale, Span<byte> destination)
    {
        Span<byte> digits = stackalloc byte[80];
        bool negative;
        int digitCount;
        switch (unscaledLittleEndian.Length)
        {
            case 4:
            case 8:
            case 16:
            {
                Int128 value = unscaledLittleEndian.Length switch
                {
                    4 => BinaryPrimitives.ReadInt32LittleEndian(unscaledLittleEndian),
                    8 => BinaryPrimitives.ReadInt64LittleEndian(unscaledLittleEndian),
                    _ => BinaryPrimitives.ReadInt128LittleEndian(unscaledLittleEndian),
                };
                negative = value < 0;
                UInt128 magnitude = negative ? (UInt128)(-(value + 1)) + 1 : (UInt128)value;
                magnitude.TryFormat(digits, out digitCount, default, CultureInfo.InvariantCulture);
                break;
            }

            default:
            {
                var value = new BigInteger(unscaledLittleEndian, isUnsigned: false, isBigEndian: false);
                negative = value.Sign < 0;
                string text = BigInteger.Abs(value).ToString(CultureInfo.InvariantCulture);
                if (text.Length > digits.Length)
                {
                    return -1;
                }

                digitCount = System.Text.Encoding.ASCII.GetBytes(text, digits);
                break;
            }
        }

        ReadOnlySpan<byte> d = digits[..digitCount];
        int needed = (negative ? 1 : 0) + Math.Max(digitCount, scale + 1) + (scale > 0 ? 1 : 0) + Math.Max(0, -scale);
        if (needed > destination.Length)
        {
            return -1;
        }

        int pos = 0;
        bool isZero = digitCount == 1 && d[0] == (byte)'0';
        if (negative && !isZero)
        {
            destination[pos++] = (byte)'-';
        }

        if (scale <= 0)
        {
            d.CopyTo(destination[pos..]);
            pos += digitCount;
            if (!isZero)
            {
                for (int i = 0; i < -scale; i++)
                {
                    destination[pos++] = (byte)'0';
                }
            }

            return pos;
        }

        int integerDigits = digitCount - scale;
        if (integerDigits <= 0)
        {
            destination[pos++] = (byte)'0';
            destination[pos++] = (byte)'.';
            for (int i = 0; i < -integerDigits; i++)
            {
                destination[pos++] = (byte)'0';
            }

            d.CopyTo(destination[pos..]);
            return pos + digitCount;
        }

        d[..integerDigits].CopyTo(destination[pos..]);
        pos += integerDigits;
        destination[pos++] = (byte)'.';
        d[integerDigits..].CopyTo(destination[pos..]);
        return pos + scale;
    }

    private static int WriteDigits(long value, int width, Span<byte> destination)
    {
        for (int i = width - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (int)(value % 10));
            value /= 10;
        }

        return width;
    }
}
