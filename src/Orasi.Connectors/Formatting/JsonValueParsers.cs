using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Apache.Arrow.Types;

namespace Orasi.Connectors.Formatting;

/// <summary>Parsers from JSON values (numbers, or strings as written by <see cref="JsonLinesBatchWriter"/>) to Arrow values.</summary>
internal static class JsonValueParsers
{
    private static readonly int EpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;

    public static bool TryInteger<T>(JsonElement e, out T value)
        where T : struct, IBinaryInteger<T>
    {
        value = default;
        try
        {
            if (e.ValueKind == JsonValueKind.Number)
            {
                if (e.TryGetInt64(out long l))
                {
                    value = T.CreateChecked(l);
                    return true;
                }

                if (e.TryGetUInt64(out ulong u))
                {
                    value = T.CreateChecked(u);
                    return true;
                }

                return false;
            }

            if (e.ValueKind == JsonValueKind.String)
            {
                string s = e.GetString()!;
                if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l))
                {
                    value = T.CreateChecked(l);
                    return true;
                }

                if (ulong.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong u))
                {
                    value = T.CreateChecked(u);
                    return true;
                }
            }
        }
        catch (OverflowException)
        {
        }

        return false;
    }

    public static bool TryDouble(JsonElement e, out double value)
    {
        value = 0;
        if (e.ValueKind == JsonValueKind.Number)
        {
            return e.TryGetDouble(out value);
        }

        if (e.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        switch (e.GetString())
        {
            case "NaN":
                value = double.NaN;
                return true;
            case "Infinity":
                value = double.PositiveInfinity;
                return true;
            case "-Infinity":
                value = double.NegativeInfinity;
                return true;
            case { } s:
                return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            default:
                return false;
        }
    }

    public static bool TryBoolean(JsonElement e, out bool value)
    {
        value = e.ValueKind == JsonValueKind.True;
        return e.ValueKind is JsonValueKind.True or JsonValueKind.False;
    }

    /// <summary>Days since the epoch from <c>"YYYY-MM-DD"</c> or a number of days.</summary>
    public static bool TryDays(JsonElement e, out long days)
    {
        days = 0;
        if (e.ValueKind == JsonValueKind.Number)
        {
            return e.TryGetInt64(out days);
        }

        if (e.ValueKind == JsonValueKind.String
            && DateOnly.TryParseExact(e.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date))
        {
            days = date.DayNumber - EpochDayNumber;
            return true;
        }

        return false;
    }

    /// <summary>A timestamp in <paramref name="unit"/> from an ISO-8601 string (no offset means UTC) or a raw number.</summary>
    public static bool TryTimestamp(JsonElement e, TimeUnit unit, out long value)
    {
        value = 0;
        if (e.ValueKind == JsonValueKind.Number)
        {
            return e.TryGetInt64(out value);
        }

        if (e.ValueKind != JsonValueKind.String
            || !DateTimeOffset.TryParse(e.GetString(), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset instant))
        {
            return false;
        }

        long ticks = (instant - DateTimeOffset.UnixEpoch).Ticks;
        value = FromTicks(ticks, unit);
        return true;
    }

    /// <summary>A time of day in <paramref name="unit"/> from <c>"HH:MM:SS[.ffffff]"</c> or a raw number.</summary>
    public static bool TryTimeOfDay(JsonElement e, TimeUnit unit, out long value)
    {
        value = 0;
        if (e.ValueKind == JsonValueKind.Number)
        {
            return e.TryGetInt64(out value);
        }

        if (e.ValueKind == JsonValueKind.String && TimeOnly.TryParse(e.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out TimeOnly time))
        {
            value = FromTicks(time.Ticks, unit);
            return true;
        }

        return false;
    }

    /// <summary>
    /// The unscaled integer of a decimal given as a string or number; false when it has more significant fractional
    /// digits than <paramref name="scale"/> or more digits than <paramref name="precision"/>.
    /// </summary>
    public static bool TryUnscaledDecimal(JsonElement e, int precision, int scale, out BigInteger unscaled)
    {
        unscaled = BigInteger.Zero;
        string? text = e.ValueKind switch
        {
            JsonValueKind.String => e.GetString(),
            JsonValueKind.Number => e.GetRawText(),
            _ => null,
        };
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        int pos = 0;
        bool negative = false;
        if (text[0] is '-' or '+')
        {
            negative = text[0] == '-';
            pos++;
        }

        var digits = new System.Text.StringBuilder();
        int fractionDigits = 0;
        bool seenPoint = false;
        for (; pos < text.Length; pos++)
        {
            char c = text[pos];
            if (c is >= '0' and <= '9')
            {
                digits.Append(c);
                if (seenPoint)
                {
                    fractionDigits++;
                }
            }
            else if (c == '.' && !seenPoint)
            {
                seenPoint = true;
            }
            else
            {
                break;
            }
        }

        int exponent = 0;
        if (pos < text.Length)
        {
            if (text[pos] is not ('e' or 'E') || !int.TryParse(text.AsSpan(pos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
            {
                return false;
            }
        }

        if (digits.Length == 0)
        {
            return false;
        }

        BigInteger mantissa = BigInteger.Parse(digits.ToString(), CultureInfo.InvariantCulture);
        int shift = scale - fractionDigits + exponent;
        if (shift >= 0)
        {
            mantissa *= BigInteger.Pow(10, shift);
        }
        else
        {
            BigInteger divisor = BigInteger.Pow(10, -shift);
            BigInteger quotient = BigInteger.DivRem(mantissa, divisor, out BigInteger remainder);
            if (!remainder.IsZero)
            {
                return false;
            }

            mantissa = quotient;
        }

        if (mantissa >= BigInteger.Pow(10, precision))
        {
            return false;
        }

        unscaled = negative ? -mantissa : mantissa;
        return true;
    }

    private static long FromTicks(long ticks, TimeUnit unit) => unit switch
    {
        TimeUnit.Second => ArrowTextFormat.FloorDiv(ticks, TimeSpan.TicksPerSecond),
        TimeUnit.Millisecond => ArrowTextFormat.FloorDiv(ticks, TimeSpan.TicksPerMillisecond),
        TimeUnit.Microsecond => ArrowTextFormat.FloorDiv(ticks, 10),
        _ => ticks * 100,
    };
}
