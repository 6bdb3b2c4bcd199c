using System.Globalization;
using System.Text;

namespace Orasi.Connectors.S3Parquet.Partitioning;

/// <summary>Hive-style partition path segments (<c>column=value</c>) with the escaping Hive and Spark use.</summary>
internal static class HivePath
{
    /// <summary>The value Hive writes for a null partition value.</summary>
    public const string NullValue = "__HIVE_DEFAULT_PARTITION__";

    private const string Escaped = "\"#%'*/:=?\\{[]^";

    /// <summary>One <c>key=value</c> segment, escaping the value (null becomes <see cref="NullValue"/>).</summary>
    public static string Segment(string key, string? value) => $"{key}={(value is null ? NullValue : Escape(value))}";

    /// <summary>Percent-escapes characters that cannot appear in a path segment.</summary>
    public static string Escape(string value)
    {
        if (value.Length == 0)
        {
            return NullValue;
        }

        StringBuilder? builder = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < 0x20 || c == 0x7F || Escaped.Contains(c, StringComparison.Ordinal))
            {
                builder ??= new StringBuilder(value, 0, i, value.Length + 8);
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder?.Append(c);
            }
        }

        return builder?.ToString() ?? value;
    }

    /// <summary>Reverses <see cref="Escape"/>; <see cref="NullValue"/> becomes null.</summary>
    public static string? Unescape(string value) =>
        value == NullValue ? null : value.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(value) : value;

    /// <summary>Parses a directory segment <c>key=value</c>; false when it is not one.</summary>
    public static bool TryParseSegment(string segment, out string key, out string? value)
    {
        var eq = segment.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            key = string.Empty;
            value = null;
            return false;
        }

        key = segment[..eq];
        value = Unescape(segment[(eq + 1)..]);
        return true;
    }

    /// <summary>The partition values of a file path's directories (<c>a=1/b=x/part.parquet</c>), outermost first.</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> ParseValues(string filePath)
    {
        var segments = filePath.Split('/');
        var values = new List<KeyValuePair<string, string?>>(segments.Length - 1);
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (TryParseSegment(segments[i], out var key, out var value))
            {
                values.Add(new(key, value));
            }
        }

        return values;
    }
}
