using System.Text;

namespace Orasi.Connectors.Predicates;

/// <summary>
/// Orders the normalized values of <see cref="ColumnStatistics"/> and of rows: numbers across their .NET types,
/// strings by UTF-8 bytes (Unicode code points), byte arrays by unsigned bytes.
/// </summary>
internal static class ValueComparer
{
    /// <summary>Compares two non-null values; null when they are unordered (a NaN is involved).</summary>
    /// <exception cref="ValidationFailedException">The values are of kinds that cannot be compared.</exception>
    public static int? Compare(object left, object right, string column)
    {
        switch (left, right)
        {
            case (long a, long b): return a.CompareTo(b);
            case (double a, double b): return double.IsNaN(a) || double.IsNaN(b) ? null : a.CompareTo(b);
            case (string a, string b): return CompareUtf8Order(a, b);
            case (byte[] a, byte[] b): return a.AsSpan().SequenceCompareTo(b);
            case (bool a, bool b): return a.CompareTo(b);
            case (DateOnly a, DateOnly b): return a.CompareTo(b);
            case (decimal a, decimal b): return a.CompareTo(b);
            case (ulong a, ulong b): return a.CompareTo(b);
            case (DateTimeOffset a, DateTimeOffset b): return a.CompareTo(b);
        }

        if (IsNumber(left) && IsNumber(right))
        {
            if (left is double or float || right is double or float)
            {
                var a = Convert.ToDouble(left, System.Globalization.CultureInfo.InvariantCulture);
                var b = Convert.ToDouble(right, System.Globalization.CultureInfo.InvariantCulture);
                return double.IsNaN(a) || double.IsNaN(b) ? null : a.CompareTo(b);
            }

            return ToDecimal(left).CompareTo(ToDecimal(right));
        }

        throw new ValidationFailedException(
            $"Column '{column}' holds {Describe(left)} values that cannot be compared with the {Describe(right)} literal; write the literal in the column's type.");
    }

    /// <summary>Orders strings as their UTF-8 bytes would be ordered.</summary>
    public static int CompareUtf8Order(string a, string b)
    {
        var ea = a.EnumerateRunes();
        var eb = b.EnumerateRunes();
        while (true)
        {
            var hasA = ea.MoveNext();
            var hasB = eb.MoveNext();
            if (!hasA || !hasB)
            {
                return hasA.CompareTo(hasB);
            }

            var c = ea.Current.Value.CompareTo(eb.Current.Value);
            if (c != 0)
            {
                return c;
            }
        }
    }

    /// <summary>True for the .NET numeric types a literal or statistic may have.</summary>
    public static bool IsNumber(object value) =>
        value is long or int or short or sbyte or byte or ushort or uint or ulong or double or float or decimal;

    private static decimal ToDecimal(object value) => value switch
    {
        decimal d => d,
        ulong u => u,
        _ => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string Describe(object value) => value switch
    {
        string => "string",
        byte[] => "binary",
        bool => "boolean",
        DateOnly => "date",
        DateTimeOffset => "timestamp",
        _ when IsNumber(value) => "numeric",
        _ => value.GetType().Name,
    };

    /// <summary>Encodes a string as UTF-8 (used for binary columns compared with string literals).</summary>
    public static byte[] Utf8(string value) => Encoding.UTF8.GetBytes(value);
}
