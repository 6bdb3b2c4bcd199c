using System.Globalization;
using System.Text;

namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>
/// Hive-style partition directory names (<c>col=value/</c>) with the same %XX escaping Spark and delta-rs use:
/// control characters, <c>"#%'*/:=?\</c>, DEL, <c>{[]^</c> are escaped.
/// </summary>
internal static class HivePartitionPath
{
    /// <summary>The directory value Hive and Spark use for a null partition value.</summary>
    public const string NullValue = "__HIVE_DEFAULT_PARTITION__";

    private static readonly bool[] MustEscape = BuildEscapeTable();

    private static bool[] BuildEscapeTable()
    {
        var table = new bool[128];
        for (var c = 1; c < 0x20; c++)
        {
            table[c] = true;
        }

        foreach (var c in "\"#%'*/:=?\\\u007F{[]^")
        {
            table[c] = true;
        }

        return table;
    }

    /// <summary>Escapes a column name or value for a directory name.</summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        StringBuilder? sb = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < 128 && MustEscape[c])
            {
                sb ??= new StringBuilder(value.Length + 8).Append(value, 0, i);
                sb.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb?.Append(c);
            }
        }

        return sb?.ToString() ?? value;
    }

    /// <summary>Reverses <see cref="Escape"/>: every valid <c>%XX</c> becomes its character; other text is kept.</summary>
    public static string Unescape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return value;
        }

        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length
                && int.TryParse(value.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                sb.Append((char)code);
                i += 2;
            }
            else
            {
                sb.Append(value[i]);
            }
        }

        return sb.ToString();
    }

    /// <summary>The directory for one partition column: <c>escaped(name)=escaped(value)</c>, using <see cref="NullValue"/> for null or empty.</summary>
    public static string Segment(string column, string? value) =>
        Escape(column) + "=" + (string.IsNullOrEmpty(value) ? NullValue : Escape(value));

    /// <summary>The relative directory for a file's partition values in column order, e.g. <c>date=2024-01-01/region=eu/</c>; empty for none.</summary>
    public static string Directory(IReadOnlyList<string> columns, IReadOnlyDictionary<string, string?> values)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(values);
        var sb = new StringBuilder();
        foreach (var column in columns)
        {
            values.TryGetValue(column, out var value);
            sb.Append(Segment(column, value)).Append('/');
        }

        return sb.ToString();
    }

    /// <summary>Parses one <c>name=value</c> directory name; a <see cref="NullValue"/> value becomes null.</summary>
    /// <exception cref="FormatException">The segment has no <c>=</c>.</exception>
    public static KeyValuePair<string, string?> ParseSegment(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var eq = segment.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            throw new FormatException($"The directory name '{segment}' is not a Hive partition (name=value).");
        }

        var value = segment[(eq + 1)..];
        return new(Unescape(segment[..eq]), value == NullValue ? null : Unescape(value));
    }
}
